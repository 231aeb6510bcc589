package dev.modelkit.monitoring;

import java.util.List;
import java.util.Map;

/**
 * What the reference data looked like for one feature (or for the model's output).
 *
 * @param name the feature's name
 * @param type numeric or categorical
 * @param count non-missing values
 * @param missing missing (null or NaN) values
 * @param distinct distinct non-missing values, counted up to 10,001 (more is reported as 10,001)
 * @param mean mean, null for categorical features
 * @param std population standard deviation, null for categorical features
 * @param min minimum, null for categorical features
 * @param max maximum, null for categorical features
 * @param quantiles the 5th, 25th, 50th, 75th and 95th percentiles from the sketch, empty for
 *     categorical features
 * @param categories counts per category, empty for numeric features
 * @param sketch numeric features: the values' DDSketch (1% relative accuracy) in ModelKit's
 *     compact encoding (base64 of varint-coded buckets, see docs/decisions/0061); null otherwise
 */
public record FeatureProfile(
    String name, FeatureType type, long count, long missing, long distinct, Double mean, Double std, Double min,
    Double max, List<Double> quantiles, Map<String, Long> categories, String sketch) {

  /** Copies the collections. */
  public FeatureProfile {
    quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
    categories = categories == null ? Map.of() : Map.copyOf(categories);
  }
}
