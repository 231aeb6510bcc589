package dev.modelkit.resources;

import java.util.Map;

/**
 * Costs of an organisation: resource-seconds times the configured prices.
 *
 * @param organizationId the organisation
 * @param currency currency code of the prices
 * @param total total cost so far
 * @param byJob cost per job id
 * @param budget the budget, or NaN when none is set
 * @param overBudget whether total exceeds the budget
 */
public record CostReport(String organizationId, String currency, double total, Map<String, Double> byJob, double budget, boolean overBudget) {
  /** Copies the map. */
  public CostReport {
    byJob = Map.copyOf(byJob);
  }
}
