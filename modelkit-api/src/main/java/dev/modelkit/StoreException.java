package dev.modelkit;

/**
 * The metadata or artifact store failed: an I/O error, a corrupt record detected on read, or a home directory already in use by another process.
 */
public class StoreException extends ModelKitException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and how to fix it */
  public StoreException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and how to fix it
   * @param cause the underlying failure
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
