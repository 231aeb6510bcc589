package dev.modelkit.pipeline;

import dev.modelkit.config.WireValue;

/** How a quality gate compares a metric with its threshold: {@code metric operator threshold}. */
public enum GateOperator implements WireValue {
  /** Greater than. */
  GT("gt", ">"),
  /** Less than. */
  LT("lt", "<"),
  /** Equal, within 1e-9 relative to the larger magnitude (metrics are computed in floating point). */
  EQ("eq", "=="),
  /** Greater than or equal. */
  GTE("gte", ">="),
  /** Less than or equal. */
  LTE("lte", "<=");

  private final String wire;
  private final String symbol;

  GateOperator(String wire, String symbol) {
    this.wire = wire;
    this.symbol = symbol;
  }

  @Override
  public String wireName() {
    return wire;
  }

  /** @return the mathematical symbol, for messages ({@code >=}) */
  public String symbol() {
    return symbol;
  }

  /**
   * @param value the metric's value
   * @param threshold the gate's threshold
   * @return whether {@code value operator threshold} holds; never for NaN
   */
  public boolean holds(double value, double threshold) {
    if (Double.isNaN(value) || Double.isNaN(threshold)) {
      return false;
    }
    return switch (this) {
      case GT -> value > threshold;
      case LT -> value < threshold;
      case GTE -> value >= threshold || equal(value, threshold);
      case LTE -> value <= threshold || equal(value, threshold);
      case EQ -> equal(value, threshold);
    };
  }

  private static boolean equal(double a, double b) {
    return a == b || Math.abs(a - b) <= 1e-9 * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }
}
