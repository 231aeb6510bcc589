package dev.modelkit;

/**
 * A training job could not run or did not reach its quality thresholds; the message carries the numbers.
 */
public class TrainingException extends ModelKitException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and how to fix it */
  public TrainingException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and how to fix it
   * @param cause the underlying failure
   */
  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
