package dev.modelkit;

/**
 * Root of every exception ModelKit throws on purpose.
 *
 * <p>It is unchecked, like the JDK's own runtime exceptions: callers catch the subclass they can
 * act on ({@link ConfigurationException}, {@link AccessDeniedException}, {@link NotFoundException},
 * ...) and let the rest propagate. The cause is always chained.
 */
public class ModelKitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where known, how to fix it */
  public ModelKitException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and, where known, how to fix it
   * @param cause the underlying failure
   */
  public ModelKitException(String message, Throwable cause) {
    super(message, cause);
  }
}
