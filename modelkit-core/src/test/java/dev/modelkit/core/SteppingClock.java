package dev.modelkit.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that advances by a fixed step on every read, so every timestamp is distinct and known. */
final class SteppingClock extends Clock {
  private final Instant start;
  private final long stepMillis;
  private final AtomicLong reads = new AtomicLong();

  SteppingClock(Instant start, Duration step) {
    this.start = start;
    this.stepMillis = step.toMillis();
  }

  static SteppingClock startingAt(String iso) {
    return new SteppingClock(Instant.parse(iso), Duration.ofSeconds(1));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return start.plusMillis(stepMillis * reads.getAndIncrement());
  }
}
