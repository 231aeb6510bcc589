package dev.modelkit.spi;

/**
 * Creates alert sinks. Found with {@link java.util.ServiceLoader}; see {@link ProviderKind}.
 */
public interface AlertSinkProvider extends ModelKitProvider {

  /**
   * @param context the runtime's home directory, clock, stores and settings
   * @return a ready {@link AlertSink}; the runtime closes it if it is {@link AutoCloseable}
   */
  AlertSink create(ProviderContext context);
}
