package dev.modelkit.monitoring;

import dev.modelkit.config.Checks;
import java.util.Map;

/**
 * The cost of each kind of mistake, as a {@link BusinessMetric}: the total cost of the joined
 * outcomes, {@code sum count(true, predicted) * cost(true, predicted)}; pairs without a cost cost
 * nothing.
 *
 * @param costs true label to predicted label to cost, for example {@code bad -> good -> 5.0} for a
 *     bad loan approved
 * @param perOutcome whether to divide by the joined outcomes (the mean cost per decision)
 */
public record CostMatrix(Map<String, Map<String, Double>> costs, boolean perOutcome) implements BusinessMetric {

  /** Validates that every cost is finite and copies the maps. */
  public CostMatrix {
    Checks c = new Checks("CostMatrix");
    c.required("costs", costs);
    if (costs != null) {
      costs.forEach((t, row) -> {
        c.required("costs." + t, row);
        if (row != null) {
          row.forEach((p, v) -> c.check(v != null && Double.isFinite(v), "costs." + t + "." + p, v, "be a finite number"));
        }
      });
    }
    c.throwIfAny();
    java.util.Map<String, Map<String, Double>> copy = new java.util.HashMap<>();
    costs.forEach((t, row) -> copy.put(t, Map.copyOf(row)));
    costs = Map.copyOf(copy);
  }

  @Override
  public double compute(LabelledOutcomes outcomes) {
    double total = 0;
    for (Map.Entry<String, Map<String, Double>> row : costs.entrySet()) {
      for (Map.Entry<String, Double> cell : row.getValue().entrySet()) {
        total += outcomes.count(row.getKey(), cell.getKey()) * cell.getValue();
      }
    }
    if (perOutcome) {
      return outcomes.labelled() == 0 ? Double.NaN : total / outcomes.labelled();
    }
    return total;
  }
}
