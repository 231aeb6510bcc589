package dev.modelkit;

/**
 * An operation does not apply to the object's current state, for example cancelling a job that already finished or registering over an immutable model version.
 */
public class InvalidStateException extends ModelKitException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and how to fix it */
  public InvalidStateException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and how to fix it
   * @param cause the underlying failure
   */
  public InvalidStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
