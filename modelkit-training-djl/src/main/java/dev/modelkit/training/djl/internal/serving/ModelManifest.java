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
 * @param members an ensemble's networks (format {@value #ENSEMBLE_FORMAT}); empty for one network.
 *     For an ensemble, {@code hiddenUnits} is empty, each member's calibration is in its own tasks,
 *     and the top-level tasks hold no calibration and the threshold chosen on the members' mean
 *     probabilities. Weights are stored under {@code m<i>/} per member.
 */
public record ModelManifest(int formatVersion, String kind, int inputWidth, List<Integer> hiddenUnits,
    boolean uncertaintyWeights, List<TaskSpec> tasks, List<String> featureNames, List<String> inputFields,
    Map<String, String> libraryVersions, List<Member> members) {

  /** The format version of a single network. */
  public static final int FORMAT = 1;
  /** The format version of an ensemble, and the newest this engine reads. */
  public static final int ENSEMBLE_FORMAT = 2;

  /**
   * Without ensemble members.
   *
   * @param formatVersion see the record
   * @param kind see the record
   * @param inputWidth see the record
   * @param hiddenUnits see the record
   * @param uncertaintyWeights see the record
   * @param tasks see the record
   * @param featureNames see the record
   * @param inputFields see the record
   * @param libraryVersions see the record
   */
  public ModelManifest(int formatVersion, String kind, int inputWidth, List<Integer> hiddenUnits,
      boolean uncertaintyWeights, List<TaskSpec> tasks, List<String> featureNames, List<String> inputFields,
      Map<String, String> libraryVersions) {
    this(formatVersion, kind, inputWidth, hiddenUnits, uncertaintyWeights, tasks, featureNames, inputFields,
        libraryVersions, null);
  }

  /** Treats absent members as none. */
  public ModelManifest {
    members = members == null ? List.of() : List.copyOf(members);
  }

  /**
   * One network of an ensemble.
   *
   * @param name the member's name from the configuration
   * @param hiddenUnits its hidden layer widths
   * @param tasks its tasks with its own calibration
   */
  public record Member(String name, List<Integer> hiddenUnits, List<TaskSpec> tasks) {}

  /**
   * @param i a member's index
   * @return the manifest of that member's network alone
   */
  public ModelManifest member(int i) {
    Member m = members.get(i);
    return new ModelManifest(FORMAT, kind, inputWidth, m.hiddenUnits(), uncertaintyWeights, m.tasks(), featureNames,
        inputFields, libraryVersions, null);
  }

  /** @return the weight-name prefix of member {@code i} */
  public static String memberPrefix(int i) {
    return "m" + i + "/";
  }
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
