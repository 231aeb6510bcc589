package dev.modelkit.core.monitoring;

import dev.modelkit.spi.AlertSink;
import dev.modelkit.spi.AlertSinkProvider;
import dev.modelkit.spi.ProviderContext;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The alert sink {@code webhook}: a {@link WebhookAlertSink} configured by settings (or the
 * {@code modelkit.*} system properties layered over them):
 *
 * <ul>
 *   <li>{@code modelkit.alert.webhook.url}: the endpoint; without it the sink sends nothing and
 *       says so once in the log;
 *   <li>{@code modelkit.alert.webhook.attempts} (default 5), {@code .backoff-ms} (1000), {@code
 *       .timeout-ms} (10000);
 *   <li>{@code modelkit.alert.webhook.authorization}: sent as the {@code Authorization} header.
 * </ul>
 */
public final class WebhookAlertSinkProvider implements AlertSinkProvider {
  /** The setting naming the endpoint. */
  public static final String URL = "modelkit.alert.webhook.url";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public WebhookAlertSinkProvider() {
    // ServiceLoader needs a public no-argument constructor
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public AlertSink create(ProviderContext context) {
    Map<String, String> s = context.settings();
    String url = s.get(URL);
    if (url == null || url.isBlank()) {
      LoggerFactory.getLogger(WebhookAlertSinkProvider.class).info(
          "Webhook alert sink inactive: set {} to the endpoint alerts should be posted to", URL);
      return alert -> { };
    }
    String auth = s.get("modelkit.alert.webhook.authorization");
    return new WebhookAlertSink(URI.create(url.trim()), integer(s, "modelkit.alert.webhook.attempts", 5),
        Duration.ofMillis(integer(s, "modelkit.alert.webhook.backoff-ms", 1000)),
        Duration.ofMillis(integer(s, "modelkit.alert.webhook.timeout-ms", 10_000)), 10_000,
        auth == null ? Map.of() : Map.of("Authorization", auth));
  }

  private static int integer(Map<String, String> settings, String key, int fallback) {
    String v = settings.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new dev.modelkit.ConfigurationException("Setting " + key + " was '" + v + "' but it must be a whole number",
          e);
    }
  }
}
