package dev.modelkit.experiment;

import dev.modelkit.config.Checks;
import java.time.Duration;

/**
 * How an experiment is analysed and when it may stop (the seed's {@code experimentConfig}).
 * Every component may be left null for its default, given below.
 *
 * @param alpha significance level of every test and interval; default 0.05
 * @param power power used for sample sizes; default 0.8
 * @param correction multiplicity correction over primary and secondary metrics and variants;
 *     default {@link MultipleTestingCorrection#HOLM}
 * @param sequentialTuningUnits the sequential test's tuning parameter: the number of units per
 *     variant at which its confidence sequence is tightest; default 10,000. Smaller values decide
 *     faster on large effects, larger ones lose less on small effects; validity holds for any
 *     value
 * @param minimumUnitsPerVariant early-stopping guard: no stop recommendation before every
 *     variant has this many units; default 100
 * @param minimumDuration early-stopping guard: no stop recommendation before the experiment has
 *     run this long; default zero
 * @param decisionTarget how long after the start a decision is wanted, for the time-to-decision
 *     projection; default 48 hours (the seed's promise)
 * @param srmThreshold a sample-ratio-mismatch is flagged when the chi-square p-value is below
 *     this; default 0.005 (see {@code docs/decisions/0053})
 * @param priorSuccesses beta prior's first parameter for conversion metrics; default 1
 * @param priorFailures beta prior's second parameter for conversion metrics; default 1
 * @param rollbackOnHarm whether {@code review} rolls the experiment back when harm is detected;
 *     default true
 */
public record ExperimentConfiguration(
    Double alpha, Double power, MultipleTestingCorrection correction, Long sequentialTuningUnits,
    Long minimumUnitsPerVariant, Duration minimumDuration, Duration decisionTarget, Double srmThreshold,
    Double priorSuccesses, Double priorFailures, Boolean rollbackOnHarm) {

  /** Default significance level. */
  public static final double DEFAULT_ALPHA = 0.05;
  /** Default sample-ratio-mismatch threshold. */
  public static final double DEFAULT_SRM_THRESHOLD = 0.005;

  /**
   * Validates and fills in defaults.
   *
   * @throws dev.modelkit.ConfigurationException naming every out-of-range value
   */
  public ExperimentConfiguration {
    Checks c = new Checks("ExperimentConfiguration");
    c.check(alpha == null || (alpha > 0 && alpha <= 0.5), "alpha", alpha, "be above 0 and at most 0.5");
    c.check(power == null || (power > 0 && power < 1), "power", power, "be above 0 and below 1");
    c.atLeast("sequentialTuningUnits", sequentialTuningUnits, 1);
    c.atLeast("minimumUnitsPerVariant", minimumUnitsPerVariant, 0);
    c.check(minimumDuration == null || !minimumDuration.isNegative(), "minimumDuration", minimumDuration, "not be negative");
    c.check(decisionTarget == null || (!decisionTarget.isNegative() && !decisionTarget.isZero()), "decisionTarget",
        decisionTarget, "be positive, for example PT48H");
    c.check(srmThreshold == null || (srmThreshold > 0 && srmThreshold < 1), "srmThreshold", srmThreshold, "be above 0 and below 1");
    c.positive("priorSuccesses", priorSuccesses);
    c.positive("priorFailures", priorFailures);
    c.throwIfAny();
    alpha = alpha == null ? DEFAULT_ALPHA : alpha;
    power = power == null ? 0.8 : power;
    correction = correction == null ? MultipleTestingCorrection.HOLM : correction;
    sequentialTuningUnits = sequentialTuningUnits == null ? 10_000L : sequentialTuningUnits;
    minimumUnitsPerVariant = minimumUnitsPerVariant == null ? 100L : minimumUnitsPerVariant;
    minimumDuration = minimumDuration == null ? Duration.ZERO : minimumDuration;
    decisionTarget = decisionTarget == null ? Duration.ofHours(48) : decisionTarget;
    srmThreshold = srmThreshold == null ? DEFAULT_SRM_THRESHOLD : srmThreshold;
    priorSuccesses = priorSuccesses == null ? 1.0 : priorSuccesses;
    priorFailures = priorFailures == null ? 1.0 : priorFailures;
    rollbackOnHarm = rollbackOnHarm == null || rollbackOnHarm;
  }

  /** @return every default */
  public static ExperimentConfiguration defaults() {
    return new ExperimentConfiguration(null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * @param units the sequential tuning parameter
   * @return this configuration tuned for another number of units per variant
   */
  public ExperimentConfiguration withSequentialTuningUnits(long units) {
    return new ExperimentConfiguration(alpha, power, correction, units, minimumUnitsPerVariant, minimumDuration,
        decisionTarget, srmThreshold, priorSuccesses, priorFailures, rollbackOnHarm);
  }

  /**
   * @param units the early-stopping guard
   * @param duration the minimum duration
   * @return this configuration with other early-stopping guards
   */
  public ExperimentConfiguration withGuards(long units, Duration duration) {
    return new ExperimentConfiguration(alpha, power, correction, sequentialTuningUnits, units, duration,
        decisionTarget, srmThreshold, priorSuccesses, priorFailures, rollbackOnHarm);
  }

  /**
   * @param newCorrection the multiplicity correction
   * @return this configuration with another correction
   */
  public ExperimentConfiguration withCorrection(MultipleTestingCorrection newCorrection) {
    return new ExperimentConfiguration(alpha, power, newCorrection, sequentialTuningUnits, minimumUnitsPerVariant,
        minimumDuration, decisionTarget, srmThreshold, priorSuccesses, priorFailures, rollbackOnHarm);
  }
}
