package dev.modelkit;

/**
 * No provider (training engine, knowledge store, experiment engine, deployment target, store) is available for a capability, or none by the requested name. The message lists the providers that are available and the Maven artifact to add.
 */
public class ProviderNotFoundException extends ModelKitException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and how to fix it */
  public ProviderNotFoundException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and how to fix it
   * @param cause the underlying failure
   */
  public ProviderNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
