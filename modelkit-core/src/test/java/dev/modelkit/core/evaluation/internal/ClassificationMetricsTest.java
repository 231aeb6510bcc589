package dev.modelkit.core.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.modelkit.evaluation.EvaluationDetails.Accuracy;
import dev.modelkit.evaluation.EvaluationDetails.CalibrationBin;
import dev.modelkit.evaluation.EvaluationDetails.ClassMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every accuracy figure of the ten hand rows (see {@link HandRows}) against arithmetic done by hand. */
class ClassificationMetricsTest {
  private static final double E = 1e-12;

  @Test
  void flatMetricsMatchTheHandComputation() {
    Map<String, Double> m = ClassificationMetrics.flat(HandRows.scores());
    // TP 3 (rows 0, 1, 3), FP 2 (rows 2, 4), FN 1 (row 5), TN 4
    assertEquals(0.7, m.get("accuracy"), E);
    assertEquals(3 / 5.0, m.get("precision"), E);
    assertEquals(3 / 4.0, m.get("recall"), E);
    assertEquals(2 * 0.6 * 0.75 / (0.6 + 0.75), m.get("f1_score"), E);
    // positive/negative pairs ranked right: 6 + 6 + 5 + 4 of 4 x 6
    assertEquals(21 / 24.0, m.get("roc_auc"), E);
    // precision at each recall step: 1 at 0.25, 1 at 0.5, 3/4 at 0.75, 4/6 at 1
    assertEquals(0.25 * 1 + 0.25 * 1 + 0.25 * 0.75 + 0.25 * (4 / 6.0), m.get("pr_auc"), E);
    double logLoss = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.3) + Math.log(0.6) + Math.log(0.45)
        + Math.log(0.4) + Math.log(0.7) + Math.log(0.8) + Math.log(0.9) + Math.log(0.95)) / 10;
    assertEquals(logLoss, m.get("log_loss"), E);
    assertEquals((0.01 + 0.04 + 0.49 + 0.16 + 0.3025 + 0.36 + 0.09 + 0.04 + 0.01 + 0.0025) / 10,
        m.get("brier_score"), E);
    // one row per bin; |p - y| summed: 0.05 0.1 0.2 0.3 0.6 0.55 0.4 0.7 0.2 0.1
    assertEquals(3.2 / 10, m.get("calibration_error"), E);
    assertEquals(10.0, m.get("rows"));
  }

  @Test
  void confusionMatrixPerClassFiguresAndReliabilityBins() {
    Accuracy a = ClassificationMetrics.details(HandRows.scores(), List.of("good", "bad"));
    assertEquals(List.of("good", "bad"), a.classes());
    assertEquals(List.of(List.of(4L, 2L), List.of(1L, 3L)), a.confusionMatrix());
    ClassMetrics good = a.perClass().get(0);
    assertEquals(6, good.support());
    assertEquals(5, good.predicted());
    assertEquals(4 / 5.0, good.precision(), E);
    assertEquals(4 / 6.0, good.recall(), E);
    CalibrationBin b4 = a.calibration().get(4);
    assertEquals(1, b4.count());
    assertEquals(0.4, b4.meanPredicted(), E);
    assertEquals(1.0, b4.observedRate(), E);
    assertEquals(10, a.calibration().size());
    // the ROC curve runs from (0,0) to (1,1) through (0, 0.5) after the two top rows
    assertEquals(0, a.roc().get(0).x(), E);
    assertEquals(0.5, a.roc().get(2).y(), E);
    assertEquals(0, a.roc().get(2).x(), E);
    assertEquals(1, a.roc().get(a.roc().size() - 1).x(), E);
  }

  @Test
  void tiesCountHalfAndOneClassLeavesRankingMetricsOut() {
    Scores tied = new Scores(new String[] {"bad", "good", "bad", "good"}, new String[] {"bad", "bad", "good", "good"},
        new double[] {0.5, 0.5, 0.2, 0.1}, new double[] {0.5, 0.5, 0.2, 0.9}, "bad");
    // pairs: (0.5 vs 0.5) tie = 0.5, (0.5 vs 0.1) = 1, (0.2 vs 0.5) = 0, (0.2 vs 0.1) = 1
    assertEquals(2.5 / 4, ClassificationMetrics.rocAuc(tied), E);
    Scores oneClass = new Scores(new String[] {"good", "good"}, new String[] {"good", "bad"},
        new double[] {0.1, 0.7}, new double[] {0.9, 0.3}, "bad");
    Map<String, Double> m = ClassificationMetrics.flat(oneClass);
    assertFalse(m.containsKey("roc_auc"));
    assertEquals(0.0, m.get("precision"), "no true positive among one predicted positive");
    assertEquals(0.0, m.get("recall"), "recall without actual positives is 0, not undefined");
    assertNull(ClassificationMetrics.details(oneClass, List.of("good", "bad")).calibration().get(5).meanPredicted());
  }
}
