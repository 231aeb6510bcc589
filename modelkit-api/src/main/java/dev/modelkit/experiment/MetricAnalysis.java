package dev.modelkit.experiment;

import java.util.List;

/**
 * One metric across the variants.
 *
 * @param metric the metric's name
 * @param kind its observation shape
 * @param significance primary, secondary or guardrail
 * @param direction which way is better
 * @param summaries each variant's value, control included
 * @param comparisons each non-control variant against the control
 * @param notes why a part of the analysis is missing, for example too few observations or no
 *     covariate for CUPED
 */
public record MetricAnalysis(
    String metric, MetricKind kind, Significance significance, MetricDirection direction,
    List<VariantSummary> summaries, List<VariantComparison> comparisons, List<String> notes) {

  /** Copies the lists. */
  public MetricAnalysis {
    summaries = List.copyOf(summaries);
    comparisons = List.copyOf(comparisons);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /**
   * @param variantId a non-control variant
   * @return its comparison with the control
   * @throws IllegalArgumentException if there is none
   */
  public VariantComparison comparison(String variantId) {
    return comparisons.stream().filter(c -> c.variantId().equals(variantId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no comparison for variant '" + variantId + "'"));
  }
}
