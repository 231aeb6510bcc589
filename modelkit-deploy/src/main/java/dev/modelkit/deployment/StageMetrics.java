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

  /** Reads {@code monitoring().performance(modelId, window).byVersion().get(version)}. */
  StageMetrics MONITORING = (ctx, modelId, version, window) ->
      ctx.service().monitoring().performance(modelId, window).byVersion().get(version);
}
