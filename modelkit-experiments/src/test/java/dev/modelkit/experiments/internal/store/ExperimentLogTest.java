package dev.modelkit.experiments.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.StoreException;
import dev.modelkit.experiments.internal.stats.Moments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-ahead log and checkpoint: nothing acknowledged is lost, nothing unacknowledged appears. */
class ExperimentLogTest {
  private static final long NO_CHECKPOINT = Long.MAX_VALUE;

  @TempDir
  Path dir;

  @Test
  void reopeningRebuildsTheSameState() {
    ExperimentLog log = ExperimentLog.open(dir, 3, 2, NO_CHECKPOINT);
    feed(log, 0, 5000, new SplittableRandom(1));
    log.sync(log.commit());
    ExperimentState.Snapshot before = log.state().snapshot();
    log.close();
    ExperimentLog reopened = ExperimentLog.open(dir, 3, 2, NO_CHECKPOINT);
    assertSame(before, reopened.state().snapshot());
    assertEquals(5000, reopened.state().exposedUnits());
    reopened.close();
  }

  @Test
  void aCrashKeepsAcknowledgedEventsAndDropsTheRest() {
    ExperimentLog log = ExperimentLog.open(dir, 2, 1, NO_CHECKPOINT);
    feed(log, 0, 1000, new SplittableRandom(2));
    log.sync(log.commit());
    ExperimentState.Snapshot acknowledged = log.state().snapshot();
    // Buffered but never committed: lost with the process, as the API promises.
    feed(log, 1000, 1200, new SplittableRandom(3));
    // The process dies here: no close. Recovery reads what reached the disk.
    ExperimentLog recovered = ExperimentLog.open(dir, 2, 1, NO_CHECKPOINT);
    assertSame(acknowledged, recovered.state().snapshot());
    recovered.close();
  }

  @Test
  void aTornFrameAtTheTailIsDroppedAndTheLogStaysAppendable() throws IOException {
    ExperimentLog log = ExperimentLog.open(dir, 2, 1, NO_CHECKPOINT);
    feed(log, 0, 800, new SplittableRandom(4));
    log.sync(log.commit());
    ExperimentState.Snapshot acknowledged = log.state().snapshot();
    log.close();
    Path wal = ExperimentLog.segment(dir, 0);
    long good = Files.size(wal);
    // A frame header promising 4,000 bytes followed by only a few: a write cut short by a crash.
    Files.write(wal, new byte[] {0, 0, 15, (byte) 160, 1, 2, 3, 4, 9, 9, 9}, StandardOpenOption.APPEND);
    ExperimentLog recovered = ExperimentLog.open(dir, 2, 1, NO_CHECKPOINT);
    assertSame(acknowledged, recovered.state().snapshot());
    assertEquals(good, Files.size(wal));
    feed(recovered, 800, 900, new SplittableRandom(5));
    recovered.sync(recovered.commit());
    ExperimentState.Snapshot more = recovered.state().snapshot();
    recovered.close();
    ExperimentLog again = ExperimentLog.open(dir, 2, 1, NO_CHECKPOINT);
    assertSame(more, again.state().snapshot());
    again.close();
  }

  @Test
  void aFrameWithABadChecksumIsNotReplayed() throws IOException {
    ExperimentLog log = ExperimentLog.open(dir, 2, 1, NO_CHECKPOINT);
    feed(log, 0, 100, new SplittableRandom(6));
    log.sync(log.commit());
    ExperimentState.Snapshot first = log.state().snapshot();
    feed(log, 100, 200, new SplittableRandom(7));
    log.sync(log.commit());
    log.close();
    Path wal = ExperimentLog.segment(dir, 0);
    byte[] bytes = Files.readAllBytes(wal);
    bytes[bytes.length - 3] ^= 0x40;
    Files.write(wal, bytes);
    ExperimentLog recovered = ExperimentLog.open(dir, 2, 1, NO_CHECKPOINT);
    assertSame(first, recovered.state().snapshot());
    recovered.close();
  }

  @Test
  void checkpointsBoundTheLogAndRecoveryCombinesCheckpointAndLog() throws IOException {
    ExperimentLog log = ExperimentLog.open(dir, 3, 2, 20_000);
    SplittableRandom r = new SplittableRandom(8);
    int checkpoints = 0;
    for (int batch = 0; batch < 20; batch++) {
      feed(log, batch * 500, batch * 500 + 500, r);
      log.sync(log.commit());
      if (log.checkpointDue()) {
        log.checkpoint();
        checkpoints++;
      }
    }
    assertTrue(checkpoints >= 3, "checkpoints " + checkpoints);
    ExperimentState.Snapshot all = log.state().snapshot();
    long generation = log.generation();
    // Crash without close; only the current generation's log is left beside the checkpoint.
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count());
    }
    ExperimentLog recovered = ExperimentLog.open(dir, 3, 2, 20_000);
    assertEquals(generation, recovered.generation());
    assertSame(all, recovered.state().snapshot());
    recovered.close();
  }

  @Test
  void aCrashRightAfterTheCheckpointRenameLosesNothing() throws IOException {
    ExperimentLog log = ExperimentLog.open(dir, 2, 1, NO_CHECKPOINT);
    feed(log, 0, 300, new SplittableRandom(9));
    log.checkpoint();
    ExperimentState.Snapshot state = log.state().snapshot();
    log.close();
    Files.delete(ExperimentLog.segment(dir, 1));
    ExperimentLog recovered = ExperimentLog.open(dir, 2, 1, NO_CHECKPOINT);
    assertSame(state, recovered.state().snapshot());
    recovered.close();
  }

  @Test
  void aDamagedCheckpointIsReportedNotIgnored() throws IOException {
    ExperimentLog log = ExperimentLog.open(dir, 2, 1, NO_CHECKPOINT);
    feed(log, 0, 300, new SplittableRandom(10));
    log.checkpoint();
    log.close();
    Path checkpoint = dir.resolve(ExperimentLog.CHECKPOINT);
    byte[] bytes = Files.readAllBytes(checkpoint);
    bytes[40] ^= 1;
    Files.write(checkpoint, bytes);
    StoreException e = assertThrows(StoreException.class, () -> ExperimentLog.open(dir, 2, 1, NO_CHECKPOINT));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  // Exposes units [from, to) round-robin and records two metrics for most of them, logging
  // exactly what the state accepted, as the live experiment does.
  private static void feed(ExperimentLog log, int from, int to, SplittableRandom r) {
    ExperimentState s = log.state();
    int variants = s.snapshot().crossovers().length;
    int metrics = s.snapshot().moments().length;
    for (int u = from; u < to; u++) {
      long hash = 0x5DEECE66DL * (u + 1);
      int v = u % variants;
      if (s.expose(hash, v, 0) != ExperimentState.REPEAT) {
        log.logExposure(hash, v, 0);
      }
      for (int m = 0; m < metrics; m++) {
        if (r.nextInt(4) != 0) {
          double y = r.nextGaussian() + v;
          boolean hasX = m == 1;
          double x = r.nextDouble() * 10;
          if (s.outcome(hash, m, y, x, hasX) >= 0) {
            log.logOutcome(hash, m, y, x, hasX);
          }
        }
      }
    }
  }

  private static void assertSame(ExperimentState.Snapshot expected, ExperimentState.Snapshot actual) {
    assertArrayEquals(expected.exposures(), actual.exposures());
    assertArrayEquals(expected.crossovers(), actual.crossovers());
    for (int m = 0; m < expected.moments().length; m++) {
      for (int v = 0; v < expected.moments()[m].length; v++) {
        Moments e = expected.moments()[m][v];
        Moments a = actual.moments()[m][v];
        assertEquals(e.n(), a.n());
        assertEquals(e.meanY(), a.meanY());
        assertEquals(e.m2Y(), a.m2Y());
        assertEquals(e.nX(), a.nX());
        assertEquals(e.cXY(), a.cXY());
        assertEquals(e.m2X(), a.m2X());
      }
    }
  }
}
