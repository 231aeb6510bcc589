package dev.modelkit.experiments.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL in the middle of its work loses nothing it acknowledged and leaves
 * no partial batch: every batch it printed as acknowledged is in the recovered state, and the
 * state holds only whole batches.
 */
class KilledWriterTest {
  static final int UNITS_PER_BATCH = 200;

  @TempDir
  Path dir;

  /** Batch n exposes units [n*200, n*200+200) and records one outcome of value n for each. */
  static void writeBatch(ExperimentLog log, int batch) {
    ExperimentState s = log.state();
    for (int i = 0; i < UNITS_PER_BATCH; i++) {
      long hash = 0x9E3779B97F4A7C15L * ((long) batch * UNITS_PER_BATCH + i + 1);
      int variant = i & 1;
      if (s.expose(hash, variant, 0) != ExperimentState.REPEAT) {
        log.logExposure(hash, variant, 0);
      }
      if (s.outcome(hash, 0, batch, 0, false) >= 0) {
        log.logOutcome(hash, 0, batch, 0, false);
      }
    }
  }

  @Test
  void killedMidWriteKeepsEveryAcknowledgedBatch() throws Exception {
    for (int round = 0; round < 3; round++) {
      Path logDir = dir.resolve("round-" + round);
      Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), LogWriterProcess.class.getName(), logDir.toString()))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      int acknowledged = 0;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        // Kill at a different point each round, including after checkpoints (256 KiB of log).
        int target = 40 + round * 70;
        String line;
        while ((line = out.readLine()) != null) {
          acknowledged = Integer.parseInt(line.substring(4));
          if (acknowledged >= target) {
            child.destroyForcibly();
            break;
          }
        }
      }
      child.waitFor();
      ExperimentLog recovered = ExperimentLog.open(logDir, 2, 1, 256 * 1024);
      ExperimentState.Snapshot s = recovered.state().snapshot();
      long units = s.totalUnits();
      assertTrue(units >= (long) acknowledged * UNITS_PER_BATCH, "lost acknowledged units: " + units + " < "
          + acknowledged * UNITS_PER_BATCH);
      assertEquals(0, units % UNITS_PER_BATCH, "a partial batch was recovered: " + units);
      long batches = units / UNITS_PER_BATCH;
      long outcomes = s.moments()[0][0].n() + s.moments()[0][1].n();
      assertEquals(units, outcomes);
      // Outcome values 1..batches, 200 each: the recovered mean identifies exactly which batches survived.
      double mean = (s.moments()[0][0].sumY() + s.moments()[0][1].sumY()) / outcomes;
      assertEquals((batches + 1) / 2.0, mean, 1e-9);
      recovered.close();
    }
  }
}
