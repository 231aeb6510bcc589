package dev.modelkit.experiments.internal.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.BetaDistribution;

/**
 * Simulated conversion experiments analysed at regular looks, to measure what continuous
 * monitoring does to error rates: the false-positive rate of the sequential test and of a naive
 * fixed-horizon z-test looked at the same way (A/A, no true effect), and the units the sequential
 * test needs to decide when there is a true effect (power).
 *
 * <p>Units are split 50/50 at random and convert with the variant's rate; at every look both
 * tests are applied to the data so far and an experiment counts as rejected at its first
 * rejection. The sequential test uses the engine's own rule: no stop before {@code
 * minimumUnitsPerVariant} units in each variant, then stop when the confidence sequence excludes
 * zero. Deterministic for a seed.
 *
 * @param experiments number of simulated experiments
 * @param baseRate control conversion rate
 * @param relativeLift treatment rate is baseRate * (1 + relativeLift); 0 for A/A
 * @param maxUnits units per experiment, both variants together
 * @param lookEvery units between looks
 * @param alpha level of both tests
 * @param tuningUnits the sequential test's n*
 * @param minimumUnitsPerVariant the early-stopping guard
 * @param seed random seed
 */
public record ValiditySimulation(int experiments, double baseRate, double relativeLift, int maxUnits, int lookEvery,
    double alpha, long tuningUnits, long minimumUnitsPerVariant, long seed) {

  /**
   * What the simulation found.
   *
   * @param experiments experiments simulated
   * @param sequentialRejections experiments the sequential test rejected
   * @param naiveRejections experiments the naive repeated z-test rejected
   * @param sequentialUnitsToDecision units at the sequential rejection, per rejected experiment,
   *     sorted
   */
  public record Outcome(int experiments, int sequentialRejections, int naiveRejections, int[] sequentialUnitsToDecision) {

    /** @return sequential rejections / experiments */
    public double sequentialRate() {
      return (double) sequentialRejections / experiments;
    }

    /** @return naive rejections / experiments */
    public double naiveRate() {
      return (double) naiveRejections / experiments;
    }

    /**
     * @return the median units to a sequential decision over all experiments, counting the
     *     undecided as never deciding; -1 when fewer than half decided
     */
    public int medianUnitsToDecision() {
      int half = (experiments + 1) / 2;
      return sequentialUnitsToDecision.length >= half ? sequentialUnitsToDecision[half - 1] : -1;
    }

    /**
     * @param units a number of units
     * @return share of all experiments the sequential test had decided by then
     */
    public double decidedBy(int units) {
      int count = 0;
      for (int u : sequentialUnitsToDecision) {
        count += u <= units ? 1 : 0;
      }
      return (double) count / experiments;
    }
  }

  /** @return the outcome */
  public Outcome run() {
    SplittableRandom master = new SplittableRandom(seed);
    double treatmentRate = baseRate * (1 + relativeLift);
    int sequential = 0;
    int naive = 0;
    int[] units = new int[experiments];
    for (int e = 0; e < experiments; e++) {
      SplittableRandom r = master.split();
      long nc = 0;
      long xc = 0;
      long nt = 0;
      long xt = 0;
      boolean seqDone = false;
      boolean naiveDone = false;
      for (int u = 1; u <= maxUnits && !(seqDone && naiveDone); u++) {
        if (r.nextBoolean()) {
          nt++;
          xt += r.nextDouble() < treatmentRate ? 1 : 0;
        } else {
          nc++;
          xc += r.nextDouble() < baseRate ? 1 : 0;
        }
        if (u % lookEvery != 0 || nc < 2 || nt < 2) {
          continue;
        }
        if (!naiveDone && FixedHorizonTests.twoProportion(xc, nc, xt, nt, alpha).pValue() < alpha) {
          naiveDone = true;
          naive++;
        }
        if (!seqDone && Math.min(nc, nt) >= minimumUnitsPerVariant && sequentialRejects(xc, nc, xt, nt)) {
          seqDone = true;
          units[sequential++] = u;
        }
      }
    }
    int[] decided = Arrays.copyOf(units, sequential);
    Arrays.sort(decided);
    return new Outcome(experiments, sequential, naive, decided);
  }

  private boolean sequentialRejects(long xc, long nc, long xt, long nt) {
    double pc = (double) xc / nc;
    double pt = (double) xt / nt;
    double variance = pc * (1 - pc) / nc + pt * (1 - pt) / nt;
    double tau2 = MixtureSequentialTest.tauSquared(variance, (nc + nt) / 2.0, tuningUnits, alpha);
    return MixtureSequentialTest.look(pt - pc, variance, tau2, alpha).excludesZero();
  }

  /**
   * Clopper-Pearson exact interval for a binomial proportion.
   *
   * @param successes successes
   * @param trials trials
   * @param level for example 0.95
   * @return {lower, upper}
   */
  public static double[] clopperPearson(int successes, int trials, double level) {
    double a = (1 - level) / 2;
    double lower = successes == 0 ? 0 : new BetaDistribution(successes, trials - successes + 1).inverseCumulativeProbability(a);
    double upper = successes == trials ? 1
        : new BetaDistribution(successes + 1, trials - successes).inverseCumulativeProbability(1 - a);
    return new double[] {lower, upper};
  }
}
