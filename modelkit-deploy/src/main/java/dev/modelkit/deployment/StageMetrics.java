package dev.modelkit.deployment;

import dev.modelkit.monitoring.PerformanceMetrics;
import dev.modelkit.monitoring.Period;
import dev.modelkit.spi.ServiceContext;

/**
 * Where canary criteria get their evidence: by default the monitoring data of the stage's window.
 */
@FunctionalInterface
public interface StageMetrics {

  /**
   * @param context the deploying caller's context
   * @param modelId the model
   * @param version the version judged
   * @param window the stage's time window
   * @return its metrics over the window, or null when nothing was recorded
   */
  PerformanceMetrics of(ServiceContext context, String modelId, String version, Period window);

  /**
   * Reads {@code monitoring().performance(modelId, window).byVersion().get(version)}, with the
   * window's start moved back to the start of its minute: monitoring aggregates predictions in
   * one-minute windows and reports the windows that start inside a period, so without this the
   * predictions of a stage's first, partial minute would be left out. Only the judged version's
   * own predictions count, so the extra seconds are evidence of the same version. A model that
   * monitoring has not seen yet (no prediction of any of its versions recorded since the process
   * started, as right after a deployment or a restart) has no evidence: null, not an error.
   */
  StageMetrics MONITORING = (ctx, modelId, version, window) -> {
    java.time.Instant start = window.start().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    try {
      return ctx.service().monitoring().performance(modelId, new Period(start, window.end())).byVersion().get(version);
    } catch (dev.modelkit.NotFoundException unseen) {
      return null;
    }
  };
}
