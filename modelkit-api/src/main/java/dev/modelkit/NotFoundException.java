package dev.modelkit;

/**
 * The named object (job, model version, knowledge base, experiment, deployment) does not exist in the caller's organisation. Objects of other organisations are reported as not found, never as forbidden, so that ids cannot be probed.
 */
public class NotFoundException extends ModelKitException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and how to fix it */
  public NotFoundException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and how to fix it
   * @param cause the underlying failure
   */
  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
