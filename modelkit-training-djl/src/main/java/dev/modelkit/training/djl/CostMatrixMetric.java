package dev.modelkit.training.djl;

import dev.modelkit.spi.CustomMetric;
import dev.modelkit.training.Direction;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A business-impact metric from a cost matrix: the average cost per row of the model's decisions,
 * where each (actual class, predicted class) pair costs what the matrix says (pairs not listed cost
 * 0). Smaller is better. For credit, a missed bad loan typically costs several times a refused good
 * one; the Statlog German Credit documentation uses 5 to 1.
 *
 * <p>Written as {@code actual>predicted=cost} pairs separated by {@code ;}, for example {@code
 * bad>good=5;good>bad=1}. The pytorch engine registers one under the name {@code business_impact}
 * when the setting {@code modelkit.training.business_impact.costs} holds such a matrix.
 */
public final class CostMatrixMetric implements CustomMetric {
  private final String name;
  private final Map<String, Double> costs;

  /**
   * @param name the metric's name
   * @param costs {@code actual>predicted} to cost
   */
  public CostMatrixMetric(String name, Map<String, Double> costs) {
    this.name = name;
    this.costs = Map.copyOf(costs);
  }

  /**
   * @param name the metric's name
   * @param spec {@code actual>predicted=cost;...}
   * @return the metric
   * @throws IllegalArgumentException naming the malformed pair
   */
  public static CostMatrixMetric parse(String name, String spec) {
    Map<String, Double> costs = new HashMap<>();
    for (String pair : spec.split(";")) {
      String p = pair.strip();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.lastIndexOf('=');
      int gt = p.indexOf('>');
      if (eq < 0 || gt < 0 || gt > eq) {
        throw new IllegalArgumentException("cost matrix entry '" + p + "' must look like actual>predicted=cost");
      }
      try {
        costs.put(p.substring(0, eq).strip(), Double.parseDouble(p.substring(eq + 1).strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("cost matrix entry '" + p + "' has a cost that is not a number", e);
      }
    }
    if (costs.isEmpty()) {
      throw new IllegalArgumentException("the cost matrix '" + spec + "' lists no actual>predicted=cost entry");
    }
    return new CostMatrixMetric(name, costs);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Direction direction() {
    return Direction.MINIMIZE;
  }

  @Override
  public double compute(List<String> classes, int[] actual, double[][] probabilities, int[] predicted) {
    double total = 0;
    for (int i = 0; i < actual.length; i++) {
      total += costs.getOrDefault(classes.get(actual[i]) + ">" + classes.get(predicted[i]), 0.0);
    }
    return actual.length == 0 ? 0 : total / actual.length;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s%s", name, costs);
  }
}
