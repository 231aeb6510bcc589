package dev.modelkit.spi;

/**
 * Creates a notification channel. Found with {@link java.util.ServiceLoader}; the provider's
 * {@link #name()} is what {@code NotificationConfig.channel} names. The built-in names {@code log},
 * {@code webhook} and {@code callback} cannot be replaced.
 */
public interface NotificationChannelProvider extends ModelKitProvider {

  /**
   * @param context the runtime's home directory, clock and settings
   * @return the channel; the runtime closes it if it is {@link AutoCloseable}
   */
  NotificationChannel create(ProviderContext context);
}
