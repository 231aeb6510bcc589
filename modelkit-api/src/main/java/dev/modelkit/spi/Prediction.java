package dev.modelkit.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Predictor} returns for one row: the predicted label with the probability of every
 * class, the predictions of a multi-task model's other tasks, or, for a row that could not be
 * scored inside a batch, the reason.
 *
 * @param label the predicted class, null when {@code error} is set
 * @param probabilities class to probability, in the model's class order; empty when {@code error}
 *     is set
 * @param tasks other tasks' predictions by task name (multi-task models); empty otherwise
 * @param error why this row was not scored, naming the field and value; null when it was
 */
public record Prediction(String label, Map<String, Double> probabilities, Map<String, Prediction> tasks, String error) {

  /** Copies the maps, keeping the class order. */
  public Prediction {
    probabilities = probabilities == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    tasks = tasks == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    if (label == null && error == null) {
      throw new IllegalArgumentException("a prediction needs a label or an error");
    }
  }

  /**
   * @param label the predicted class
   * @param probabilities class to probability
   * @return a successful prediction of one task
   */
  public static Prediction of(String label, Map<String, Double> probabilities) {
    return new Prediction(Objects.requireNonNull(label, "label"), probabilities, Map.of(), null);
  }

  /**
   * @param error why the row could not be scored
   * @return a failed prediction
   */
  public static Prediction failed(String error) {
    return new Prediction(null, Map.of(), Map.of(), Objects.requireNonNull(error, "error"));
  }

  /** @return whether the row was scored */
  public boolean ok() {
    return error == null;
  }

  /**
   * @param cls a class label
   * @return its probability, 0 when the class is unknown
   */
  public double probability(String cls) {
    return probabilities.getOrDefault(cls, 0.0);
  }
}
