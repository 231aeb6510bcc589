package dev.modelkit.pipeline;

import dev.modelkit.config.Checks;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a pipeline's notifications go (the seed's {@code NotificationConfig}).
 *
 * @param channel the channel's name: {@code log}, {@code webhook}, {@code callback}, or a channel
 *     plugged in through {@code dev.modelkit.spi.NotificationChannelProvider}
 * @param target the channel's address: an http(s) URL for {@code webhook}, a logger name for
 *     {@code log} (default {@code dev.modelkit.pipelines}); unused by {@code callback}, which calls
 *     the listeners registered with {@code Pipelines.subscribe}
 * @param events the events sent; every event when empty
 */
public record NotificationConfig(String channel, String target, Set<NotificationEvent> events) {

  /**
   * Validates.
   *
   * @throws dev.modelkit.ConfigurationException for a missing channel or a webhook without an http(s) URL
   */
  public NotificationConfig {
    Checks c = new Checks("NotificationConfig");
    c.notBlank("channel", channel);
    if ("webhook".equals(channel)) {
      c.check(target != null && (target.startsWith("http://") || target.startsWith("https://")), "target", target,
          "be an http:// or https:// URL for the webhook channel");
    }
    c.throwIfAny();
    events = events == null || events.isEmpty() ? Set.copyOf(EnumSet.allOf(NotificationEvent.class))
        : Set.copyOf(events);
  }
}
