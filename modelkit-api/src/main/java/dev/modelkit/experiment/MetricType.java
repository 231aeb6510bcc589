package dev.modelkit.experiment;

import dev.modelkit.config.WireValue;

/** Category of a success metric. */
public enum MetricType implements WireValue {
  /** Model quality such as accuracy. */
  QUALITY("quality"),
  /** User behaviour such as satisfaction. */
  ENGAGEMENT("engagement"),
  /** Revenue, conversion, cost. */
  BUSINESS("business"),
  /** Latency, error rate, cost to serve. */
  OPERATIONAL("operational");

  private final String wire;

  MetricType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
