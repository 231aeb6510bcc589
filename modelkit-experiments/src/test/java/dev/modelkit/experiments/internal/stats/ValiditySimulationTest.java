package dev.modelkit.experiments.internal.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Smaller, deterministic versions of the A/A validity and power studies whose full versions run
 * in benchmarks (ExperimentValidityStudy) with results in benchmarks/README.md.
 */
class ValiditySimulationTest {

  @Test
  void sequentialTestKeepsFalsePositivesBelowAlphaWhileNaivePeekingInflatesThem() {
    // 400 A/A experiments at 10% conversion, looked at every 100 units up to 10,000 units.
    ValiditySimulation.Outcome o = new ValiditySimulation(400, 0.10, 0, 10_000, 100, 0.05, 10_000, 100, 20260105L).run();
    double[] ci = ValiditySimulation.clopperPearson(o.sequentialRejections(), o.experiments(), 0.95);
    System.out.printf("A/A: sequential %d/%d [%.4f, %.4f], naive %d/%d%n", o.sequentialRejections(), o.experiments(),
        ci[0], ci[1], o.naiveRejections(), o.experiments());
    assertTrue(o.sequentialRate() <= 0.05, "sequential false-positive rate " + o.sequentialRate());
    assertTrue(ci[0] < 0.05, "even the interval's lower end exceeds 5%: " + ci[0]);
    // Looking 100 times at a fixed-horizon test rejects far more often than 5%.
    assertTrue(o.naiveRate() > 0.15, "naive peeking rate " + o.naiveRate());
  }

  @Test
  void sequentialTestDetectsATenPercentLiftNearTheFixedHorizonSampleSize() {
    // 10% -> 11% conversion; a fixed-horizon test needs 2 x 14,751 = 29,502 units for 80% power.
    ValiditySimulation.Outcome o = new ValiditySimulation(120, 0.10, 0.10, 120_000, 500, 0.05, 10_000, 100, 7L).run();
    int median = o.medianUnitsToDecision();
    System.out.printf("power: median units %d, decided by 29,502: %.3f%n", median, o.decidedBy(29_502));
    assertTrue(median > 0, "fewer than half of the experiments decided");
    assertTrue(median < 3 * 29_502, "median units to decision " + median);
    assertTrue(o.decidedBy(120_000) > 0.9, "power by 120,000 units " + o.decidedBy(120_000));
  }

  @Test
  void clopperPearsonMatchesScipy() {
    // scipy.stats.binomtest(20, 400).proportion_ci(method='exact') =
    // (0.030805241143280735, 0.0761669727551424)
    double[] ci = ValiditySimulation.clopperPearson(20, 400, 0.95);
    Reference.near(0.030805241143280735, ci[0], "lower");
    Reference.near(0.0761669727551424, ci[1], "upper");
  }
}
