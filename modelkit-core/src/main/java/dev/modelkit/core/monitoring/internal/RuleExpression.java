package dev.modelkit.core.monitoring.internal;

/**
 * A parsed alert-rule condition: comparisons of metrics with numbers joined by {@code and},
 * {@code or} and {@code not}. Evaluation reads metric values from a {@link Metrics} and never
 * runs user code.
 */
public sealed interface RuleExpression {

  /** Where a condition's metric values come from. */
  interface Metrics {
    /**
     * @param metric a metric
     * @return its value in the window being evaluated, NaN when it has none
     */
    double value(MetricRef metric);
  }

  /**
   * @param metrics the window's metric values
   * @return whether the condition holds; a comparison with a NaN value never holds
   */
  boolean holds(Metrics metrics);

  /**
   * @param metrics the window's metric values
   * @return the value of the condition's first metric, for the alert
   */
  double firstValue(Metrics metrics);

  /**
   * A metric named in a condition: {@code name}, {@code name(argument)}, or an anomaly score
   * {@code zscore(inner)} / {@code ewma(inner)} of another metric.
   *
   * @param name the metric or function name
   * @param argument the feature, detector or business metric named in parentheses, or null
   * @param inner the metric an anomaly score is computed over, or null
   */
  record MetricRef(String name, String argument, MetricRef inner) {
    /** @return the canonical spelling, for example {@code psi(annual_inc)} */
    public String key() {
      if (inner != null) {
        return name + "(" + inner.key() + ")";
      }
      return argument == null ? name : name + "(" + argument + ")";
    }
  }

  /**
   * {@code metric op number}.
   *
   * @param metric the metric
   * @param op one of {@code > >= < <= == !=}
   * @param number the number, converted to the metric's unit
   */
  record Comparison(MetricRef metric, String op, double number) implements RuleExpression {
    @Override
    public boolean holds(Metrics metrics) {
      double v = metrics.value(metric);
      if (Double.isNaN(v)) {
        return false;
      }
      return switch (op) {
        case ">" -> v > number;
        case ">=" -> v >= number;
        case "<" -> v < number;
        case "<=" -> v <= number;
        case "==" -> v == number;
        case "!=" -> v != number;
        default -> throw new IllegalStateException("unknown operator " + op);
      };
    }

    @Override
    public double firstValue(Metrics metrics) {
      return metrics.value(metric);
    }
  }

  /**
   * Both sides hold.
   *
   * @param left one side
   * @param right the other
   */
  record And(RuleExpression left, RuleExpression right) implements RuleExpression {
    @Override
    public boolean holds(Metrics metrics) {
      return left.holds(metrics) && right.holds(metrics);
    }

    @Override
    public double firstValue(Metrics metrics) {
      return left.firstValue(metrics);
    }
  }

  /**
   * Either side holds.
   *
   * @param left one side
   * @param right the other
   */
  record Or(RuleExpression left, RuleExpression right) implements RuleExpression {
    @Override
    public boolean holds(Metrics metrics) {
      return left.holds(metrics) || right.holds(metrics);
    }

    @Override
    public double firstValue(Metrics metrics) {
      return left.holds(metrics) || !right.holds(metrics) ? left.firstValue(metrics) : right.firstValue(metrics);
    }
  }

  /**
   * The operand does not hold.
   *
   * @param operand the negated expression
   */
  record Not(RuleExpression operand) implements RuleExpression {
    @Override
    public boolean holds(Metrics metrics) {
      return !operand.holds(metrics);
    }

    @Override
    public double firstValue(Metrics metrics) {
      return operand.firstValue(metrics);
    }
  }
}
