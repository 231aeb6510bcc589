package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * When to save checkpoints into the artifact store. A job whose process died resumes from its
 * last checkpoint.
 *
 * @param enabled whether to checkpoint
 * @param everyEpochs save every this many epochs, at least 1
 * @param bestOnly keep only checkpoints that improved the primary metric
 * @param keepLast how many checkpoints to keep, at least 1
 */
public record CheckpointStrategy(boolean enabled, int everyEpochs, boolean bestOnly, int keepLast) {

  /** Validates counts. */
  public CheckpointStrategy {
    Checks c = new Checks("CheckpointStrategy");
    if (enabled) {
      c.atLeast("everyEpochs", everyEpochs, 1);
      c.atLeast("keepLast", keepLast, 1);
    }
    c.throwIfAny();
  }

  /** @return a checkpoint every epoch, keeping the last 2 */
  public static CheckpointStrategy defaults() {
    return new CheckpointStrategy(true, 1, false, 2);
  }
}
