package dev.modelkit.core.monitoring;

import dev.modelkit.config.Checks;
import dev.modelkit.monitoring.DriftOptions;
import java.time.Duration;

/**
 * Tuning of the {@link MonitoringEngine}; {@link #defaults()} suits most services.
 *
 * @param window the window length: metrics, drift and alert rules are computed per window, and
 *     windows are aligned on multiples of it since the epoch
 * @param joinHorizon how many of a version's most recent predictions wait for their outcomes
 *     (rounded up to a power of two); an outcome for an older prediction is rejected as beyond
 *     the horizon. Costs 15 bytes per prediction in memory and on disk
 * @param keptWindows closed windows each version keeps in memory for queries (older ones are
 *     read back from the metadata store)
 * @param driftOptions how each closed window is tested for drift (for alert rules and stored
 *     findings)
 * @param tick how often the background thread closes windows whose end has passed
 */
public record MonitoringSettings(Duration window, int joinHorizon, int keptWindows, DriftOptions driftOptions,
    Duration tick) {

  /** Validates every setting. */
  public MonitoringSettings {
    Checks c = new Checks("MonitoringSettings");
    c.check(window != null && window.toMillis() >= 1, "window", window, "be at least one millisecond");
    c.check(joinHorizon >= 1 && joinHorizon <= 1 << 26, "joinHorizon", joinHorizon, "be between 1 and 67108864");
    c.check(keptWindows >= 1 && keptWindows <= 10_000, "keptWindows", keptWindows, "be between 1 and 10000");
    c.required("driftOptions", driftOptions);
    c.check(tick != null && tick.toMillis() >= 1, "tick", tick, "be at least one millisecond");
    c.throwIfAny();
  }

  /** @return one-minute windows, 262,144 predictions of join horizon, 60 windows in memory, Evidently's drift defaults, a tick a second */
  public static MonitoringSettings defaults() {
    return new MonitoringSettings(Duration.ofMinutes(1), 1 << 18, 60, DriftOptions.defaults(), Duration.ofSeconds(1));
  }

  /**
   * @param length the window length
   * @return a copy with it
   */
  public MonitoringSettings withWindow(Duration length) {
    return new MonitoringSettings(length, joinHorizon, keptWindows, driftOptions, tick);
  }

  /**
   * @param horizon the join horizon
   * @return a copy with it
   */
  public MonitoringSettings withJoinHorizon(int horizon) {
    return new MonitoringSettings(window, horizon, keptWindows, driftOptions, tick);
  }

  /**
   * @param options drift options for closed windows
   * @return a copy with them
   */
  public MonitoringSettings withDriftOptions(DriftOptions options) {
    return new MonitoringSettings(window, joinHorizon, keptWindows, options, tick);
  }

  /**
   * @param kept closed windows kept in memory per version
   * @return a copy with it
   */
  public MonitoringSettings withKeptWindows(int kept) {
    return new MonitoringSettings(window, joinHorizon, kept, driftOptions, tick);
  }
}
