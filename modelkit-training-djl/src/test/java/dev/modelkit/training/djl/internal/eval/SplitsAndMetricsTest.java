package dev.modelkit.training.djl.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Fold construction for every validation strategy, and the metric definitions. */
class SplitsAndMetricsTest {
  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  @Test
  void kFoldCoversEveryRowOnceAndIsSeeded() {
    List<Splits.Split> a = Splits.kFold(range(103), 5, true, 1);
    Set<Integer> seen = new HashSet<>();
    for (Splits.Split s : a) {
      assertEquals(103, s.train().length + s.test().length);
      Arrays.stream(s.test()).forEach(i -> assertTrue(seen.add(i)));
    }
    assertEquals(103, seen.size());
    assertTrue(Arrays.equals(a.get(0).test(), Splits.kFold(range(103), 5, true, 1).get(0).test()));
    assertTrue(!Arrays.equals(a.get(0).test(), Splits.kFold(range(103), 5, true, 2).get(0).test()));
  }

  @Test
  void stratifiedFoldsKeepClassProportions() {
    int[] labels = new int[100];
    for (int i = 0; i < 30; i++) {
      labels[i] = 1;
    }
    for (Splits.Split s : Splits.stratifiedKFold(range(100), labels, 5, true, 3)) {
      assertEquals(6, Arrays.stream(s.test()).filter(i -> labels[i] == 1).count());
    }
    Splits.Split h = Splits.holdout(range(100), labels, 0.2, 3);
    assertEquals(6, Arrays.stream(h.test()).filter(i -> labels[i] == 1).count());
    assertEquals(20, h.test().length);
  }

  @Test
  void timeSeriesFoldsNeverTrainOnTheFuture() {
    List<Splits.Split> folds = Splits.timeSeries(range(60), 3);
    assertEquals(3, folds.size());
    for (Splits.Split s : folds) {
      int lastTrain = s.train()[s.train().length - 1];
      assertTrue(Arrays.stream(s.test()).allMatch(t -> t > lastTrain));
    }
    assertEquals(15, folds.get(0).train().length);
    assertEquals(45, folds.get(2).train().length, "expanding window");
  }

  @Test
  void groupFoldsNeverSplitAGroup() {
    String[] groups = new String[50];
    for (int i = 0; i < 50; i++) {
      groups[i] = "customer-" + (i % 9);
    }
    for (Splits.Split s : Splits.group(range(50), groups, 3, 5)) {
      Set<String> test = new HashSet<>();
      Arrays.stream(s.test()).forEach(i -> test.add(groups[i]));
      assertTrue(Arrays.stream(s.train()).noneMatch(i -> test.contains(groups[i])));
    }
  }

  @Test
  void metricsMatchHandComputedValues() {
    int[] y = {1, 0, 1, 0, 1, 0};
    double[][] p = {{0.1, 0.9}, {0.6, 0.4}, {0.7, 0.3}, {0.2, 0.8}, {0.3, 0.7}, {0.9, 0.1}};
    Map<String, Double> m = Metrics.compute(y, p, 1, 0.5);
    assertEquals(4.0 / 6, m.get("accuracy"), 1e-12);
    assertEquals(2.0 / 3, m.get("precision"), 1e-12);
    assertEquals(2.0 / 3, m.get("recall"), 1e-12);
    assertEquals(2.0 / 3, m.get("f1_score"), 1e-12);
    assertEquals(6.0 / 9, m.get("roc_auc"), 1e-12, "6 of 9 positive-negative pairs ranked right");
    double ll = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.3) + Math.log(0.2) + Math.log(0.7) + Math.log(0.9)) / 6;
    assertEquals(ll, m.get("log_loss"), 1e-12);
    double[] t = Metrics.bestF1Threshold(y, p, 1);
    assertTrue(t[1] >= 2.0 / 3);
    assertEquals("f1_score", Metrics.canonical("F1"));
    assertEquals(0.5, Metrics.rocAuc(new int[] {0, 1}, new double[] {0.3, 0.3}, 1), 1e-12, "ties count half");
  }
}
