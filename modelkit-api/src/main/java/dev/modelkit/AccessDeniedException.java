package dev.modelkit;

/**
 * The caller's principal lacks the permission an operation needs, or the object belongs to another organisation's scope that the caller may see but not change.
 */
public class AccessDeniedException extends ModelKitException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and how to fix it */
  public AccessDeniedException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and how to fix it
   * @param cause the underlying failure
   */
  public AccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
