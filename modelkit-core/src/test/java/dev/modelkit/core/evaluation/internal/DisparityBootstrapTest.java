package dev.modelkit.core.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.core.evaluation.internal.DisparityBootstrap.Cells;
import dev.modelkit.core.evaluation.internal.DisparityBootstrap.Intervals;
import dev.modelkit.core.evaluation.internal.DisparityBootstrap.Settings;
import dev.modelkit.evaluation.ConfidenceInterval;
import dev.modelkit.evaluation.EvaluationDetails.FairnessAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The disparity intervals on simulated groups whose true rates are known: how often they cover the
 * true disparity, that a seed reproduces them, and that small or degenerate groups get no interval.
 */
class DisparityBootstrapTest {

  /** One simulated group: half its rows actually positive, predicted positive with rate tpr or fpr. */
  private static Cells simulate(String name, int n, double tpr, double fpr, SplittableRandom rng) {
    long tp = 0;
    long fn = 0;
    long fp = 0;
    long tn = 0;
    for (int i = 0; i < n; i++) {
      boolean y = rng.nextBoolean();
      boolean yhat = rng.nextDouble() < (y ? tpr : fpr);
      if (y) {
        tp += yhat ? 1 : 0;
        fn += yhat ? 0 : 1;
      } else {
        fp += yhat ? 1 : 0;
        tn += yhat ? 0 : 1;
      }
    }
    return new Cells(name, tp, fn, fp, tn);
  }

  /** Group a: selection rate (0.6 + 0.2) / 2 = 0.4; group b: (0.8 + 0.3) / 2 = 0.55. */
  private static final double[] A = {0.6, 0.2};
  private static final double[] B = {0.8, 0.3};

  private static double selection(double[] g) {
    return (g[0] + g[1]) / 2;
  }

  @Test
  void coversTheTrueParityDifferenceAndImpactRatioAboutNinetyFivePercentOfTheTime() {
    SplittableRandom data = new SplittableRandom(7);
    int sims = 1000;
    int parityCovered = 0;
    int impactCovered = 0;
    for (int t = 0; t < sims; t++) {
      List<Cells> groups = List.of(simulate("a", 150, A[0], A[1], data), simulate("b", 250, B[0], B[1], data));
      Intervals ci = DisparityBootstrap.compute(groups, new Settings(500, 30, new SplittableRandom(t)));
      // the interval is of the observed-highest minus observed-lowest group; name the truth the same way
      boolean bHigh = ci.parity().method().contains("of 'b' minus");
      double truth = bHigh ? selection(B) - selection(A) : selection(A) - selection(B);
      double ratio = bHigh ? selection(A) / selection(B) : selection(B) / selection(A);
      parityCovered += ci.parity().contains(truth) ? 1 : 0;
      impactCovered += ci.impact().contains(ratio) ? 1 : 0;
    }
    double parity = parityCovered / (double) sims;
    double impact = impactCovered / (double) sims;
    System.out.printf("bootstrap coverage over %d simulations of 500 resamples (n = 150 and 250, true difference 0.15): "
        + "parity difference %.3f, impact ratio %.3f%n", sims, parity, impact);
    // binomial sd of a 95% coverage over 1000 simulations is 0.7 points; the percentile bootstrap runs a
    // little under nominal at these sizes (0.942 over 2000 other simulations, as the Wald interval)
    assertTrue(parity > 0.92 && parity < 0.975, "parity coverage " + parity);
    assertTrue(impact > 0.92 && impact < 0.975, "impact ratio coverage " + impact);
  }

  @Test
  void coversAZeroDisparityBecauseTheDifferenceIsSigned() {
    SplittableRandom data = new SplittableRandom(8);
    int sims = 600;
    int covered = 0;
    for (int t = 0; t < sims; t++) {
      List<Cells> groups = List.of(simulate("a", 200, A[0], A[1], data), simulate("b", 200, A[0], A[1], data));
      Intervals ci = DisparityBootstrap.compute(groups, new Settings(400, 30, new SplittableRandom(t)));
      covered += ci.parity().contains(0) ? 1 : 0;
    }
    double coverage = covered / (double) sims;
    System.out.printf("bootstrap coverage with equal groups (true difference 0): %.3f%n", coverage);
    assertTrue(coverage > 0.92 && coverage < 0.975, "coverage of a zero difference " + coverage);
  }

  @Test
  void theSameSeedGivesTheSameIntervalsAndAnotherSeedOthers() {
    List<Cells> groups = List.of(new Cells("x", 40, 20, 30, 110), new Cells("y", 70, 30, 40, 60));
    Intervals one = DisparityBootstrap.compute(groups, new Settings(2000, 30, new SplittableRandom(42)));
    Intervals again = DisparityBootstrap.compute(groups, new Settings(2000, 30, new SplittableRandom(42)));
    Intervals other = DisparityBootstrap.compute(groups, new Settings(2000, 30, new SplittableRandom(43)));
    assertEquals(one, again);
    assertNotEquals(one.parity().low(), other.parity().low());
    // x: selection 70/200 = 0.35; y: 110/200 = 0.55; the point estimate sits inside its interval
    assertTrue(one.parity().contains(0.2), one.parity().toString());
    assertTrue(one.impact().contains(0.35 / 0.55), one.impact().toString());
    assertTrue(one.favourable().contains(0.45 / 0.65), one.favourable().toString());
    assertEquals("stratified percentile bootstrap (2000 resamples within each group) of the predicted-positive rate "
        + "of 'y' minus that of 'x'", one.parity().method());
    // TPR: x 40/60, y 70/100 (range 0.033); FPR: x 30/140, y 40/100 (range 0.186): the FPR pair decides
    assertTrue(one.odds().method().contains("false-positive rate of 'y' minus that of 'x'"), one.odds().method());
    assertTrue(one.odds().contains(0.4 - 30 / 140.0), one.odds().toString());
    assertEquals(100, one.odds().n(), "the smaller denominator compared: y's 100 actual negatives");
  }

  @Test
  void aSmallGroupOrOneWithoutPositivesGetsNoIntervalButTheReason() {
    List<Cells> small = List.of(new Cells("no", 1, 2, 1, 9), new Cells("yes", 60, 40, 100, 187));
    Intervals ci = DisparityBootstrap.compute(small, new Settings(500, 30, new SplittableRandom(1)));
    assertFalse(ci.parity().available());
    assertEquals("group 'no' has only 13 rows (fewer than 30): too few for a meaningful interval",
        ci.parity().caveat());
    assertEquals(13, ci.parity().n());
    assertFalse(ci.impact().available());

    List<Cells> none = List.of(new Cells("a", 0, 20, 0, 40), new Cells("b", 30, 10, 20, 40));
    ConfidenceInterval p = DisparityBootstrap.compute(none, new Settings(500, 30, new SplittableRandom(1))).parity();
    assertEquals("group 'a' has 0 predicted positives of 60 rows: every resample reproduces its predicted-positive "
        + "rate, so a bootstrap interval would understate the uncertainty", p.caveat());

    Intervals one = DisparityBootstrap.compute(List.of(new Cells("only", 10, 10, 10, 10)),
        new Settings(500, 30, new SplittableRandom(1)));
    assertEquals("only one group: there is nothing to compare", one.parity().caveat());
  }

  @Test
  void fairnessMetricsCarryWilsonIntervalsPerGroupAndTheBootstrapForTheDisparities() {
    SplittableRandom rng = new SplittableRandom(3);
    List<String> actual = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    List<String> group = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String g = i < 100 ? "small" : "large";
      boolean y = rng.nextDouble() < 0.3;
      boolean yhat = rng.nextDouble() < (g.equals("small") ? 0.5 : 0.3);
      actual.add(y ? "bad" : "good");
      predicted.add(yhat ? "bad" : "good");
      group.add(g);
    }
    Scores s = new Scores(actual.toArray(String[]::new), predicted.toArray(String[]::new), new double[400],
        new double[400], "bad");
    FairnessAttribute f = FairnessMetrics.compute("g", new Groups("rule", group.toArray(String[]::new)), s,
        new Settings(2000, 30, new SplittableRandom(5)));
    for (var g : f.groups()) {
      double[] w = Wilson.bounds(g.predictedPositives(), g.count(), Wilson.Z95);
      assertEquals(w[0], g.positiveRateInterval().low(), 1e-15);
      assertEquals(w[1], g.positiveRateInterval().high(), 1e-15);
      assertEquals(g.count(), g.positiveRateInterval().n());
      assertEquals(g.actualPositives(), g.truePositiveRateInterval().n());
      assertEquals(g.count() - g.actualPositives(), g.falsePositiveRateInterval().n());
    }
    assertTrue(f.demographicParityInterval().contains(f.demographicParityDifference()));
    assertTrue(f.disparateImpactInterval().contains(f.disparateImpactRatio()));
    assertTrue(f.equalizedOddsInterval().contains(f.equalizedOddsDifference()));
    assertTrue(f.favourableImpactInterval().contains(f.favourableImpactRatio()));
  }
}
