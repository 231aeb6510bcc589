package dev.modelkit.training.djl.internal.serving;

import java.util.List;
import java.util.Map;

/**
 * What a stored model is, in JSON next to its weights and preprocessing: the network's shape, the
 * tasks with their classes, decision threshold and probability calibration, the feature names
 * (for transfer to another model), and the libraries that made it.
 *
 * @param formatVersion this manifest's format version
 * @param kind {@code tabular_mlp} (trained here) or {@code onnx} (imported)
 * @param inputWidth number of features
 * @param hiddenUnits hidden layer widths
 * @param uncertaintyWeights whether the network carries learned task log variances
 * @param tasks the tasks, primary first
 * @param featureNames every feature's name, in column order
 * @param inputFields the raw input fields (imported models read these directly)
 * @param libraryVersions library to version
 */
public record ModelManifest(int formatVersion, String kind, int inputWidth, List<Integer> hiddenUnits,
    boolean uncertaintyWeights, List<TaskSpec> tasks, List<String> featureNames, List<String> inputFields,
    Map<String, String> libraryVersions) {

  /** The current format version. */
  public static final int FORMAT = 1;
  /** Kind of a network trained by this engine. */
  public static final String TABULAR_MLP = "tabular_mlp";
  /** Kind of an imported ONNX classifier. */
  public static final String ONNX = "onnx";

  /**
   * One task of the model.
   *
   * @param name task name
   * @param head the network head that predicts it
   * @param field the label column
   * @param classes class labels in output order
   * @param positiveClass index of the positive class for two classes, -1 otherwise
   * @param threshold decision threshold on the positive class's probability
   * @param calibration {@code none}, {@code platt} (a, b) or {@code temperature} (a = T)
   * @param a first calibration parameter
   * @param b second calibration parameter
   */
  public record TaskSpec(String name, String head, String field, List<String> classes, int positiveClass,
      double threshold, String calibration, double a, double b) {

    /**
     * @param logits raw scores of one row
     * @return calibrated probabilities
     */
    public double[] probabilities(float[] logits) {
      int c = logits.length;
      double[] p = new double[c];
      if ("platt".equals(calibration) && c == 2) {
        int pos = positiveClass;
        double z = logits[pos] - logits[1 - pos];
        double q = 1 / (1 + Math.exp(-(a * z + b)));
        p[pos] = q;
        p[1 - pos] = 1 - q;
        return p;
      }
      double t = "temperature".equals(calibration) ? a : 1;
      double max = Double.NEGATIVE_INFINITY;
      for (float l : logits) {
        max = Math.max(max, l / t);
      }
      double sum = 0;
      for (int i = 0; i < c; i++) {
        p[i] = Math.exp(logits[i] / t - max);
        sum += p[i];
      }
      for (int i = 0; i < c; i++) {
        p[i] /= sum;
      }
      return p;
    }

    /**
     * @param p calibrated probabilities
     * @return the predicted class index
     */
    public int decide(double[] p) {
      if (p.length == 2 && positiveClass >= 0) {
        return p[positiveClass] >= threshold ? positiveClass : 1 - positiveClass;
      }
      int best = 0;
      for (int i = 1; i < p.length; i++) {
        if (p[i] > p[best]) {
          best = i;
        }
      }
      return best;
    }
  }
}
