package dev.modelkit.benchmarks;

import dev.modelkit.experiment.SampleSizePlan;
import dev.modelkit.experiment.SampleSizeQuery;
import dev.modelkit.experiments.internal.stats.PowerCalculator;
import dev.modelkit.experiments.internal.stats.ValiditySimulation;
import java.util.Locale;

/**
 * The full validity and power studies of the sequential test (issue 5), a plain {@code main}
 * rather than a JMH benchmark because it measures error rates, not speed:
 *
 * <ul>
 *   <li>A/A: 2,000 simulated experiments at 10% conversion, analysed after every 100 units up to
 *       10,000 units, with the sequential test and with a naive fixed-horizon z-test looked at the
 *       same way; false-positive rates with their Clopper-Pearson 95% intervals.
 *   <li>Power: 2,000 experiments with a true 10% relative lift at 10% base conversion, looked at
 *       every 100 units up to 200,000: the median units to a sequential decision, beside the
 *       fixed-horizon sample size for 80% power.
 * </ul>
 *
 * <p>Both at the engine's defaults (alpha 0.05, tuning n* = 10,000 units per variant, guard of 100
 * units per variant) and with n* tuned to the fixed-horizon size. Deterministic (fixed seeds).
 *
 * <p>Run: {@code mvn -q -o -pl benchmarks -am package -DskipTests && java -cp
 * benchmarks/target/benchmarks.jar dev.modelkit.benchmarks.ExperimentValidityStudy}
 */
public final class ExperimentValidityStudy {

  private ExperimentValidityStudy() {}

  /**
   * @param args ignored
   */
  public static void main(String[] args) {
    SampleSizePlan fixed = PowerCalculator.plan(SampleSizeQuery.conversion(0.10, 0.10));
    System.out.printf(Locale.ROOT, "Fixed-horizon sample size for 10%% -> 11%%, alpha 0.05, power 0.8: %,d per variant,"
        + " %,d in total%n%n", fixed.unitsPerVariant(), fixed.totalUnits());
    for (long tuning : new long[] {10_000, fixed.unitsPerVariant()}) {
      long start = System.nanoTime();
      ValiditySimulation.Outcome aa = new ValiditySimulation(2000, 0.10, 0, 10_000, 100, 0.05, tuning, 100, 20260105L).run();
      double[] seq = ValiditySimulation.clopperPearson(aa.sequentialRejections(), aa.experiments(), 0.95);
      double[] naive = ValiditySimulation.clopperPearson(aa.naiveRejections(), aa.experiments(), 0.95);
      System.out.printf(Locale.ROOT, "A/A, n* = %,d: sequential %d/%d = %.4f [95%% CI %.4f, %.4f];"
              + " naive z-test peeking %d/%d = %.4f [%.4f, %.4f]  (%.1f s)%n", tuning, aa.sequentialRejections(),
          aa.experiments(), aa.sequentialRate(), seq[0], seq[1], aa.naiveRejections(), aa.experiments(), aa.naiveRate(),
          naive[0], naive[1], (System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      ValiditySimulation.Outcome power = new ValiditySimulation(2000, 0.10, 0.10, 200_000, 100, 0.05, tuning, 100, 7L).run();
      System.out.printf(Locale.ROOT, "Power, n* = %,d: median units to a sequential decision %,d (fixed horizon %,d);"
              + " decided by the fixed-horizon size %.3f, by 2x it %.3f, by 200,000 units %.3f  (%.1f s)%n%n", tuning,
          power.medianUnitsToDecision(), fixed.totalUnits(), power.decidedBy((int) fixed.totalUnits()),
          power.decidedBy((int) (2 * fixed.totalUnits())), power.decidedBy(200_000), (System.nanoTime() - start) / 1e9);
    }
  }
}
