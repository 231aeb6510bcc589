package dev.modelkit.core.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.modelkit.evaluation.EvaluationDetails.FairnessAttribute;
import dev.modelkit.evaluation.EvaluationDetails.GroupRates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Group tables and the three fairness figures of the hand rows, worked out in the comments. */
class FairnessMetricsTest {
  private static final double E = 1e-12;
  private static final DisparityBootstrap.Settings SETTINGS = new DisparityBootstrap.Settings(500, 30,
      new SplittableRandom(1));

  @Test
  void ageIsSplitAt25AndTheFiguresMatchTheHandComputation() {
    List<Object> ages = new ArrayList<>(Arrays.stream(HandRows.AGE).boxed().toList());
    Groups g = Groups.of("age", ages);
    FairnessAttribute f = FairnessMetrics.compute("age", g, HandRows.scores(), SETTINGS);
    // < 25: rows 0 (TP), 3 (TP), 5 (FN), 8 (TN); >= 25: rows 1 (TP), 2 (FP), 4 (FP), 6, 7, 9 (TN)
    GroupRates young = f.groups().get(0);
    GroupRates older = f.groups().get(1);
    assertEquals("< 25", young.group());
    assertEquals(List.of(4L, 3L, 2L, 2L, 0L), List.of(young.count(), young.actualPositives(),
        young.predictedPositives(), young.truePositives(), young.falsePositives()));
    assertEquals(List.of(6L, 1L, 3L, 1L, 2L), List.of(older.count(), older.actualPositives(),
        older.predictedPositives(), older.truePositives(), older.falsePositives()));
    assertEquals(0.5, young.positiveRate(), E);
    assertEquals(2 / 3.0, young.truePositiveRate(), E);
    assertEquals(0.0, young.falsePositiveRate(), E);
    assertEquals(0.4, older.falsePositiveRate(), E);
    assertEquals(0.0, f.demographicParityDifference(), E);
    assertEquals(Math.max(1 - 2 / 3.0, 0.4), f.equalizedOddsDifference(), E);
    assertEquals(1.0, f.disparateImpactRatio(), E);
    // ten rows: every interval is withheld and says why, none is made up
    assertEquals("only 4 rows (fewer than 30): too few for a meaningful interval",
        young.positiveRateInterval().caveat());
    assertEquals("only 3 actual positives (fewer than 30): too few for a meaningful interval",
        young.truePositiveRateInterval().caveat());
    assertFalse(f.demographicParityInterval().available());
    assertTrue(f.demographicParityInterval().caveat().startsWith("group '"), f.demographicParityInterval().caveat());
    assertFalse(f.equalizedOddsInterval().available());
  }

  @Test
  void textGroupsIncludeTheMissingGroupAndUndefinedRatesStayNull() {
    Groups g = Groups.of("foreign", Arrays.asList((Object[]) HandRows.FOREIGN));
    FairnessAttribute f = FairnessMetrics.compute("foreign", g, HandRows.scores(), SETTINGS);
    // (missing): row 9 (TN); no: rows 3 (TP), 4 (FP); yes: rows 0 1 (TP), 2 (FP), 5 (FN), 6 7 8 (TN)
    assertEquals(List.of("(missing)", "no", "yes"), f.groups().stream().map(GroupRates::group).toList());
    GroupRates missing = f.groups().get(0);
    assertNull(missing.truePositiveRate(), "no actual positive in the group");
    assertEquals(0.0, missing.falsePositiveRate(), E);
    GroupRates yes = f.groups().get(2);
    assertEquals(3 / 7.0, yes.positiveRate(), E);
    assertEquals(2 / 3.0, yes.truePositiveRate(), E);
    assertEquals(1 / 4.0, yes.falsePositiveRate(), E);
    assertEquals(1.0 - 0.0, f.demographicParityDifference(), E);
    // TPR over defined groups: 1 and 2/3 (range 1/3); FPR: 0, 1, 1/4 (range 1)
    assertEquals(1.0, f.equalizedOddsDifference(), E);
    assertEquals(0.0, f.disparateImpactRatio(), E);
    // predicted-negative rates 1, 0, 4/7
    assertEquals(0.0, f.favourableImpactRatio(), E);
  }

  @Test
  void otherNumericAttributesSplitAtTheMedian() {
    Groups g = Groups.of("income", List.of(10.0, 20.0, 30.0, 40.0));
    assertEquals(List.of("< 25", "< 25", ">= 25", ">= 25"), List.of(g.names()));
    assertEquals("income split at its median over the evaluated rows, 25: '< 25' and '>= 25'", g.rule());
  }
}
