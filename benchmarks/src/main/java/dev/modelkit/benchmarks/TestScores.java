package dev.modelkit.benchmarks;

import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.djl.PyTorchTrainingEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a fold's test rows with the trained ModelKit version through its served predictor, so the
 * study's shared {@link RocAuc} sees ModelKit's probabilities exactly as it sees the anchors'.
 */
final class TestScores {
  private TestScores() {}

  /**
   * @param engine the engine that trained the version
   * @param r the training result
   * @param store where its artifacts are
   * @param table the data set (for column names and types)
   * @param testFile the fold's test file
   * @param study the data set's study settings
   * @return the probability of {@code bad} for each test row, in file order
   * @throws IllegalStateException if a row cannot be scored
   */
  static double[] of(PyTorchTrainingEngine engine, TrainingResult r, ArtifactStore store, CreditTable table,
      Path testFile, CreditAnchorsStudy.Study study) {
    CreditTable test = CreditTable.read(testFile, study.label(), "bad");
    ModelVersion v = new ModelVersion("credit", "1", "study", "pytorch", LifecycleStage.DRAFT, r.artifacts(), r.metrics(),
        null, List.of(), Map.of(), "study", Clock.systemUTC().instant(), null);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String[] cells : test.cells()) {
      Map<String, Object> row = new HashMap<>();
      for (int c = 0; c < cells.length; c++) {
        if (c != test.labelColumn()) {
          row.put(test.columns().get(c), table.nominal()[c] ? cells[c] : Double.valueOf(cells[c]));
        }
      }
      rows.add(row);
    }
    try (Predictor p = engine.load(v, store)) {
      List<Prediction> out = p.predictBatch(rows);
      double[] scores = new double[out.size()];
      for (int i = 0; i < scores.length; i++) {
        Prediction pr = out.get(i);
        if (!pr.ok()) {
          throw new IllegalStateException("test row " + (i + 1) + " of " + testFile + " was not scored: " + pr);
        }
        scores[i] = pr.probability("bad");
      }
      return scores;
    }
  }
}
