package dev.modelkit.resources;

import dev.modelkit.config.WireValue;

/** Scheduling priority of a job. */
public enum Priority implements WireValue {
  /** Runs after medium and high. */
  LOW("low"),
  /** The default. */
  MEDIUM("medium"),
  /** Runs first. */
  HIGH("high");

  private final String wire;

  Priority(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
