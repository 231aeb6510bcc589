package dev.modelkit.core.internal;

import dev.modelkit.monitoring.Alert;
import dev.modelkit.spi.AlertSink;
import dev.modelkit.spi.AlertSinkProvider;
import dev.modelkit.spi.ProviderContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in alert sink {@code log}: writes every alert as one WARN line to the SLF4J logger
 * {@code dev.modelkit.alerts}, so alerts are never invisible even when the host registers nothing.
 */
public final class LoggingAlertSinkProvider implements AlertSinkProvider {
  /** The logger alerts are written to. */
  public static final String LOGGER = "dev.modelkit.alerts";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public LoggingAlertSinkProvider() {
    // a public no-argument constructor is what ServiceLoader needs on the class path
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public AlertSink create(ProviderContext context) {
    Logger log = LoggerFactory.getLogger(LOGGER);
    return (Alert a) -> log.warn("ALERT {} [{}] organisation={} model={} version={} condition='{}' value={} "
        + "actions={} at {}: {}", a.name(), a.id(), a.organizationId(), a.modelId(), a.version(), a.condition(),
        a.value(), a.actions(), a.raisedAt(), a.message());
  }
}
