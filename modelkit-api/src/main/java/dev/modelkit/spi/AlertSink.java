package dev.modelkit.spi;

import dev.modelkit.monitoring.Alert;

/**
 * Delivers alerts and notifications (log, callback, webhook). Delivery failures are the sink's to
 * retry or report; they never fail the caller.
 */
public interface AlertSink {

  /** @param alert the alert to deliver */
  void deliver(Alert alert);
}
