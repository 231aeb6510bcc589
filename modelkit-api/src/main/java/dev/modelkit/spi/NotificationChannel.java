package dev.modelkit.spi;

import dev.modelkit.pipeline.PipelineNotification;

/**
 * Delivers pipeline notifications (log, callback and webhook are built in). A failure to deliver
 * is logged by the runtime and never fails the run.
 */
public interface NotificationChannel {

  /**
   * @param target the address a pipeline's {@code NotificationConfig.target} gives (a URL, a
   *     logger name), or null
   * @param notification what happened
   * @throws RuntimeException if delivery failed; the runtime logs it
   */
  void send(String target, PipelineNotification notification);
}
