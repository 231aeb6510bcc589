package dev.modelkit.monitoring;

import java.time.Instant;
import java.util.Objects;

/**
 * A half-open time range {@code [start, end)}.
 *
 * @param start inclusive start
 * @param end exclusive end, after start
 */
public record Period(Instant start, Instant end) {

  /** Validates the order. */
  public Period {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("period end " + end + " must be after start " + start);
    }
  }

  /**
   * @param t an instant
   * @return whether it falls in this period
   */
  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}
