package dev.modelkit.core.pipeline.internal;

import dev.modelkit.ModelKitException;

/** A stage could not do its work; the message says why. Retried unless {@link #retryable()} is false. */
public final class StageFailure extends ModelKitException {
  private final boolean retryable;

  /**
   * @param message why
   * @param retryable whether another attempt could succeed
   */
  public StageFailure(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  /** @return whether another attempt could succeed */
  public boolean retryable() {
    return retryable;
  }
}
