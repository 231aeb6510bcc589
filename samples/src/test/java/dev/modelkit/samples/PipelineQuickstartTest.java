package dev.modelkit.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.pipeline.RunState;
import dev.modelkit.pipeline.StageRun;
import dev.modelkit.pipeline.StageState;
import dev.modelkit.pipeline.StageType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline sample end to end with the real engine and the real evaluation suite: every stage
 * succeeds, the evaluation stage's report feeds its gates, and the HTML report is written.
 */
class PipelineQuickstartTest {
  private static final Path DATA = Path.of(System.getProperty("modelkit.data", "../data"));

  @TempDir
  Path home;

  @Test
  void germanCreditRunsThroughGatesTrainingAndTheEvaluationReport() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PipelineQuickstart.Result r = PipelineQuickstart.run(home, DATA, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String out = buffer.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    assertEquals(RunState.SUCCEEDED, r.run().state(), out);
    for (StageRun s : r.run().stages()) {
      assertEquals(StageState.SUCCEEDED, s.state(), s.toString());
    }
    StageRun ingest = r.run().stages().stream().filter(s -> s.type() == StageType.DATA_INGESTION).findFirst()
        .orElseThrow();
    assertEquals(700.0, ingest.metrics().get("data.rows"), "the training split");
    StageRun tested = r.run().stages().stream().filter(s -> s.type() == StageType.MODEL_TESTING).findFirst()
        .orElseThrow();
    assertNotNull(tested.outputs().get("reportId"));
    assertEquals(300.0, tested.metrics().get("rows"), "the evaluation ran on the held-out split");
    assertTrue(tested.metrics().containsKey("fairness.max_demographic_parity_difference"), tested.metrics().toString());
    assertTrue(tested.gates().stream().anyMatch(g -> g.metric().equals("fairness.max_demographic_parity_difference")));
    String html = Files.readString(r.htmlReport());
    assertTrue(html.startsWith("<!DOCTYPE html>") || html.startsWith("<!doctype html>"), html.substring(0, 40));
    assertTrue(out.contains("HTML evaluation report of the pipeline's model: "), out);
  }
}
