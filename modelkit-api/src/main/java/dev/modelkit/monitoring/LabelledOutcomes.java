package dev.modelkit.monitoring;

import java.util.List;

/**
 * The confusion counts of the outcomes joined in a period, handed to a {@link BusinessMetric}.
 */
public interface LabelledOutcomes {

  /** @return every label seen, as true or predicted label */
  List<String> labels();

  /**
   * @param trueLabel the true label
   * @param predictedLabel the predicted label
   * @return how many joined outcomes had that pair
   */
  long count(String trueLabel, String predictedLabel);

  /** @return joined outcomes */
  long labelled();

  /** @return predictions recorded in the period, labelled or not */
  long predictions();
}
