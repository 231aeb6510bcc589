package dev.modelkit;

/**
 * A deployment could not be created, promoted or rolled back; the live version is left untouched.
 */
public class DeploymentException extends ModelKitException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and how to fix it */
  public DeploymentException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and how to fix it
   * @param cause the underlying failure
   */
  public DeploymentException(String message, Throwable cause) {
    super(message, cause);
  }
}
