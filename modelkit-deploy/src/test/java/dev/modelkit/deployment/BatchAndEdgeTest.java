package dev.modelkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.deploy.BatchReport;
import dev.modelkit.deployment.internal.ModelEndpoint;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.Lineage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ArtifactRef;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchAndEdgeTest {
  @TempDir Path dir;

  /** Doubles x; fails on negative x; optionally throws an Error after n calls to simulate a kill. */
  static final class Doubler implements ModelEndpoint {
    final AtomicInteger calls = new AtomicInteger();
    final int dieAfter;

    Doubler(int dieAfter) {
      this.dieAfter = dieAfter;
    }

    @Override public String modelId() { return "m"; }
    @Override public String version() { return "1"; }
    @Override public Object predict(Map<String, Object> f) {
      if (calls.incrementAndGet() == dieAfter) {
        throw new ProcessKilled();
      }
      double x = ((Number) f.get("x")).doubleValue();
      if (x < 0) {
        throw new IllegalArgumentException("x must not be negative, was " + x);
      }
      return 2 * x;
    }
    @Override public void close() {}
  }

  /** Stands in for the process dying mid-batch: an Error the scorer does not catch. */
  static final class ProcessKilled extends Error {
    private static final long serialVersionUID = 1L;
  }

  private Path csv(int rows) throws Exception {
    List<String> lines = new ArrayList<>(List.of("id,x"));
    for (int i = 1; i <= rows; i++) {
      lines.add(i + "," + (i % 100 == 0 ? -1 : i));
    }
    Path in = dir.resolve("in.csv");
    Files.write(in, lines);
    return in;
  }

  @Test
  void scoresEveryRowInOrderAndReportsTheBadOnes() throws Exception {
    Path out = dir.resolve("out.jsonl");
    BatchReport r = BatchScorer.score(new Doubler(-1), csv(1200), out);
    assertEquals(1200, r.rowsScored());
    assertEquals(12, r.rowsFailed());
    assertEquals("x must not be negative, was -1.0", r.errors().get("100"));
    List<String> lines = Files.readAllLines(out);
    assertEquals(1200, lines.size());
    assertEquals("{\"row\":1,\"output\":2.0}", lines.get(0));
    assertEquals("{\"row\":100,\"error\":\"x must not be negative, was -1.0\"}", lines.get(99));
    assertTrue(Files.notExists(dir.resolve("out.jsonl.progress")), "progress is removed when the batch ends");
  }

  @Test
  void aKilledRunContinuesAfterItsLastCommittedRowWithoutDuplicates() throws Exception {
    Path in = csv(1800);
    Path out = dir.resolve("out.jsonl");
    assertThrows(ProcessKilled.class, () -> BatchScorer.score(new Doubler(1234), in, out));
    // a torn, uncommitted tail as a kill mid-write would leave it
    try (RandomAccessFile f = new RandomAccessFile(out.toFile(), "rw")) {
      f.seek(f.length());
      f.writeBytes("{\"row\":1234,\"out");
    }
    BatchReport resumed = BatchScorer.score(new Doubler(-1), in, out);
    assertEquals(1000, resumed.rowsSkipped(), "the last commit was after row 1000");
    assertEquals(800, resumed.rowsScored());
    List<String> lines = Files.readAllLines(out);
    assertEquals(1800, lines.size());
    for (int i = 0; i < lines.size(); i++) {
      assertTrue(lines.get(i).startsWith("{\"row\":" + (i + 1) + ","), lines.get(i));
    }
  }

  @Test
  void refusesToOverwriteAnOutputItDidNotWrite() throws Exception {
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "precious\n");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> BatchScorer.score(new Doubler(-1), csv(3), out));
    assertTrue(e.getMessage().contains("already exists and no interrupted run left progress"), e.getMessage());
    assertEquals("precious\n", Files.readString(out));
    assertThrows(ConfigurationException.class, () -> BatchScorer.score(new Doubler(-1), dir.resolve("missing.csv"), out));
  }

  @Test
  void edgeExportIsVerifiedAndDetectsTampering() throws Exception {
    try (var store = dev.modelkit.core.store.FileArtifactStore.open(dir.resolve("home"))) {
      ArtifactRef weights = store.put("weights".getBytes());
      ArtifactRef prep = store.put("preprocessing".getBytes());
      ModelVersion v = new ModelVersion("credit", "3", "acme", "pytorch", LifecycleStage.STAGING,
          Map.of("model", weights, "preprocessing", prep), Map.of("roc_auc", 0.8),
          new Lineage("job-1", "a".repeat(64), Map.of(), 42L, "custom", Map.of()), List.of(), Map.of(), "dana",
          Instant.parse("2026-01-01T00:00:00Z"), null);
      Path export = EdgeExporter.export(v, store, dir.resolve("edge"), Instant.parse("2026-01-02T00:00:00Z"));
      assertEquals(List.of(), EdgeExporter.verify(export));
      assertTrue(Files.readString(export.resolve("manifest.json")).contains("\"format\" : \"modelkit-edge/1\""));
      Files.writeString(export.resolve("model.bin"), "tampered");
      List<String> problems = EdgeExporter.verify(export);
      assertEquals(1, problems.size());
      assertTrue(problems.get(0).startsWith("artifact model: file model.bin has SHA-256 "), problems.get(0));
      assertThrows(dev.modelkit.DeploymentException.class,
          () -> EdgeExporter.export(v, store, dir.resolve("edge"), Instant.now()));
    }
  }
}
