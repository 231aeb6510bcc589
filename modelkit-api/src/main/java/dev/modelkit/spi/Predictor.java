package dev.modelkit.spi;

import java.util.List;
import java.util.Map;

/**
 * Scores rows with a loaded model version. Implementations are thread-safe: one predictor serves
 * many request threads (the DJL engine keeps a pool of native predictors behind it).
 *
 * <p>Rows are maps from input field name to value, as read from a data source: numbers, strings,
 * booleans, or null for a missing value. The model applies exactly the preprocessing it was trained
 * with (imputation, scaling, encoding, tokenisation).
 */
public interface Predictor extends AutoCloseable {

  /** @return the input fields the model reads, in training order */
  List<String> inputFields();

  /** @return the classes of the primary task, in the order of {@link Prediction#probabilities()} */
  List<String> labels();

  /**
   * Scores one row.
   *
   * @param row input field to value
   * @return the prediction
   * @throws IllegalArgumentException naming the field and value when the row cannot be scored (a
   *     missing required field, a value of the wrong type)
   * @throws IllegalStateException if the predictor was closed
   */
  Prediction predict(Map<String, Object> row);

  /**
   * Scores many rows at once, faster than one by one. A row that cannot be scored gets a {@link
   * Prediction#failed failed} prediction at its position; the others are scored.
   *
   * @param rows the rows
   * @return one prediction per row, in order
   * @throws IllegalStateException if the predictor was closed
   */
  List<Prediction> predictBatch(List<Map<String, Object>> rows);

  /** Releases native resources; later calls fail. */
  @Override
  void close();
}
