package dev.modelkit.experiments.internal.store;

import java.nio.file.Path;

/**
 * The child process of {@link KilledWriterTest}: records batches into an experiment log as fast
 * as it can and prints "ack n" after batch n is durable, until it is killed.
 */
public final class LogWriterProcess {

  private LogWriterProcess() {}

  /**
   * @param args the log directory
   */
  public static void main(String[] args) {
    ExperimentLog log = ExperimentLog.open(Path.of(args[0]), 2, 1, 256 * 1024);
    for (int batch = 1; ; batch++) {
      KilledWriterTest.writeBatch(log, batch);
      log.sync(log.commit());
      if (log.checkpointDue()) {
        log.checkpoint();
      }
      System.out.println("ack " + batch);
      System.out.flush();
    }
  }
}
