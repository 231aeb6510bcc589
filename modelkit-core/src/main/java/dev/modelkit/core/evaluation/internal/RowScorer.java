package dev.modelkit.core.evaluation.internal;

import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores rows with a predictor in batches and lines the predictions up with the actual labels.
 * The label field is removed before scoring, so a model can never see the answer. A row the model
 * cannot score, or without a label, is left out of the scores and reported.
 */
public final class RowScorer {
  /** Rows per {@link Predictor#predictBatch} call: large enough to amortise, small enough to bound memory. */
  static final int BATCH = 512;
  private static final int MAX_EXAMPLES = 5;

  private final Predictor predictor;
  private final String labelField;
  private final String positiveClass;

  /**
   * @param predictor the model
   * @param labelField the output field holding the actual class
   * @param positiveClass the positive class
   */
  public RowScorer(Predictor predictor, String labelField, String positiveClass) {
    this.predictor = predictor;
    this.labelField = labelField;
    this.positiveClass = positiveClass;
  }

  /**
   * The rows scored, with the positions of those kept.
   *
   * @param scores the scores of the kept rows
   * @param kept the kept rows' positions in the input
   * @param failures how many rows were left out
   * @param examples the first few reasons, naming the row
   */
  public record Scored(Scores scores, int[] kept, int failures, List<String> examples) {}

  /**
   * @param rows rows holding the label field
   * @return the scores of every row that has a label and was scored
   */
  public Scored score(List<Map<String, Object>> rows) {
    List<Prediction> predictions = predict(rows);
    int n = rows.size();
    String[] actual = new String[n];
    String[] predicted = new String[n];
    double[] pPos = new double[n];
    double[] pAct = new double[n];
    int[] kept = new int[n];
    int k = 0;
    int failures = 0;
    List<String> examples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object label = rows.get(i).get(labelField);
      Prediction p = predictions.get(i);
      String reason = label == null ? "no value in the label field '" + labelField + "'"
          : !p.ok() ? p.error() : null;
      if (reason != null) {
        failures++;
        if (examples.size() < MAX_EXAMPLES) {
          examples.add("row " + i + ": " + reason);
        }
        continue;
      }
      String a = label.toString();
      actual[k] = a;
      predicted[k] = p.label();
      pPos[k] = p.probability(positiveClass);
      pAct[k] = p.probability(a);
      kept[k] = i;
      k++;
    }
    return new Scored(new Scores(java.util.Arrays.copyOf(actual, k), java.util.Arrays.copyOf(predicted, k),
        java.util.Arrays.copyOf(pPos, k), java.util.Arrays.copyOf(pAct, k), positiveClass),
        java.util.Arrays.copyOf(kept, k), failures, examples);
  }

  /**
   * @param rows rows (the label field is removed before the model sees them)
   * @return one prediction per row
   */
  public List<Prediction> predict(List<Map<String, Object>> rows) {
    List<Prediction> out = new ArrayList<>(rows.size());
    for (int from = 0; from < rows.size(); from += BATCH) {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (Map<String, Object> r : rows.subList(from, Math.min(rows.size(), from + BATCH))) {
        batch.add(inputsOf(r));
      }
      List<Prediction> got = predictor.predictBatch(batch);
      if (got.size() != batch.size()) {
        throw new IllegalStateException("the predictor returned " + got.size() + " predictions for " + batch.size()
            + " rows");
      }
      out.addAll(got);
    }
    return out;
  }

  /**
   * @param row a row
   * @return a copy without the label field
   */
  public Map<String, Object> inputsOf(Map<String, Object> row) {
    Map<String, Object> copy = new HashMap<>(row);
    copy.remove(labelField);
    return copy;
  }

  /** @return the predictor */
  public Predictor predictor() {
    return predictor;
  }
}
