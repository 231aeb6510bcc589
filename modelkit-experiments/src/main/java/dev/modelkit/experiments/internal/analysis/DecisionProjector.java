package dev.modelkit.experiments.internal.analysis;

import dev.modelkit.ConfigurationException;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.DecisionProjection;
import dev.modelkit.experiment.ExperimentConfiguration;
import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.SampleSizeQuery;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiments.internal.stats.Distributions;
import dev.modelkit.experiments.internal.stats.MixtureSequentialTest;
import dev.modelkit.experiments.internal.stats.PowerCalculator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Projects when the sequential test will decide, at the traffic seen so far.
 *
 * <p>For the first primary metric and the treatment closest to a decision, the per-unit
 * variances and each variant's share of traffic are taken as they are now, so the effect
 * estimate's variance after N exposed units is K / N. Assuming the observed effect persists (or
 * the minimum detectable effect, when the observed one is smaller), the projection is the
 * smallest N at which the confidence sequence's half-width falls below it, and the time to
 * reach N at the current units per hour; this is compared with the start plus the decision
 * target.
 */
final class DecisionProjector {
  private static final double MAX_UNITS = 1e13;

  private DecisionProjector() {}

  static DecisionProjection project(ABTestExperiment e, Instant now, long totalUnits, List<List<PairResult>> pairs,
      double sequentialAlpha) {
    ExperimentConfiguration cfg = e.experimentConfig();
    int m = StoppingRules.firstPrimary(e);
    SuccessMetric metric = e.successMetrics().get(m);
    Instant deadline = e.startedAt() == null ? null : e.startedAt().plus(cfg.decisionTarget());
    double hours = e.startedAt() == null ? 0 : Math.max(0, Duration.between(e.startedAt(), now).toMillis() / 3_600_000.0);
    double rate = hours > 0 ? totalUnits / hours : 0;
    PairResult closest = null;
    for (PairResult r : pairs.get(m)) {
      if (closest == null || r.sequential().pValue() < closest.sequential().pValue()) {
        closest = r;
      }
    }
    if (closest == null) {
      return new DecisionProjection(metric.name(), null, null, rate, totalUnits, null, null, deadline, null, null,
          "Not enough data on '" + metric.name() + "' to project a decision yet.");
    }
    String variant = e.variants().get(closest.variant()).id();
    Long fixedHorizon = fixedHorizon(metric, closest, cfg);
    double observed = Math.abs(closest.fixed().effect());
    Double mdeAbs = metric.minimumDetectableEffect() == null ? null
        : metric.minimumDetectableEffect() * Math.abs(closest.fixed().controlMean());
    boolean usingMde = mdeAbs != null && observed < mdeAbs;
    double assumed = usingMde ? mdeAbs : observed;
    String assumption = usingMde ? "the minimum detectable effect of " + Numbers.signed(mdeAbs)
        : "the observed effect of " + Numbers.signed(closest.fixed().effect());
    String fixedText = fixedHorizon == null ? "" : " A fixed-horizon test powered at " + Numbers.fmt(cfg.power() * 100)
        + "% for the minimum detectable effect needs " + Numbers.units(fixedHorizon) + " units per variant.";

    if (closest.sequential().excludesZero()) {
      return new DecisionProjection(metric.name(), variant, assumed, rate, totalUnits, totalUnits, Duration.ZERO, deadline,
          deadline == null ? null : !now.isAfter(deadline),
          fixedHorizon, "The sequential test has already decided '" + variant + "' against the control on '"
              + metric.name() + "'." + fixedText);
    }
    if (!(assumed > 0)) {
      return new DecisionProjection(metric.name(), variant, null, rate, totalUnits, null, null, deadline, null,
          fixedHorizon, "The observed effect on '" + metric.name() + "' is zero and no minimum detectable effect is"
              + " set, so no decision time can be projected." + fixedText);
    }
    double fc = closest.controlUnits() / (double) Math.max(1, totalUnits);
    double ft = closest.treatmentUnits() / (double) Math.max(1, totalUnits);
    double k = closest.controlVariance() * closest.controlUnits() / fc + closest.treatmentVariance()
        * closest.treatmentUnits() / ft;
    double tau2 = closest.sequential().tauSquared();
    Long needed = unitsNeeded(k, tau2, assumed, sequentialAlpha, totalUnits);
    if (needed == null || rate <= 0) {
      String why = needed == null ? "no realistic sample size makes " + assumption + " distinguishable from zero"
          : "there is no traffic rate yet to extrapolate from";
      return new DecisionProjection(metric.name(), variant, assumed, rate, totalUnits, needed, null, deadline,
          needed == null ? Boolean.FALSE : null, fixedHorizon, "No decision time can be projected on '" + metric.name()
              + "': " + why + "." + fixedText);
    }
    Duration remaining = Duration.ofSeconds((long) Math.ceil((needed - totalUnits) / rate * 3600));
    Boolean reachable = deadline == null ? null : !now.plus(remaining).isAfter(deadline);
    String verdict = deadline == null ? "" : Boolean.TRUE.equals(reachable)
        ? " The " + Numbers.duration(cfg.decisionTarget()) + " target (" + deadline + ") will be met."
        : " The " + Numbers.duration(cfg.decisionTarget()) + " target (" + deadline + ") will NOT be met: more traffic,"
            + " a larger allocation to '" + variant + "' or a larger minimum detectable effect is needed.";
    return new DecisionProjection(metric.name(), variant, assumed, rate, totalUnits, needed, remaining, deadline, reachable,
        fixedHorizon, String.format(java.util.Locale.ROOT,
            "At %.0f units per hour, the sequential test would decide '%s' on '%s' after about %s units (%s from now),"
                + " assuming %s persists.%s%s",
            rate, variant, metric.name(), Numbers.units(needed), Numbers.duration(remaining), assumption, verdict,
            fixedText));
  }

  // Smallest N with radius(K / N) <= effect, by doubling then bisection; null beyond MAX_UNITS.
  private static Long unitsNeeded(double k, double tau2, double effect, double alpha, long now) {
    long lo = Math.max(1, now);
    if (MixtureSequentialTest.radius(k / lo, tau2, alpha) <= effect) {
      return lo;
    }
    long hi = lo;
    while (MixtureSequentialTest.radius(k / hi, tau2, alpha) > effect) {
      if (hi > MAX_UNITS) {
        return null;
      }
      lo = hi;
      hi *= 2;
    }
    while (hi - lo > 1) {
      long mid = lo + (hi - lo) / 2;
      if (MixtureSequentialTest.radius(k / mid, tau2, alpha) <= effect) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private static Long fixedHorizon(SuccessMetric metric, PairResult r, ExperimentConfiguration cfg) {
    Double mde = metric.minimumDetectableEffect();
    if (mde == null) {
      return null;
    }
    double base = r.fixed().controlMean();
    try {
      MetricKind kind = metric.metricKind();
      if (kind == MetricKind.RATIO) {
        double sigma2 = r.controlVariance() * r.controlUnits();
        double delta = mde * Math.abs(base);
        double z = Distributions.normalQuantile(1 - cfg.alpha() / 2) + Distributions.normalQuantile(cfg.power());
        return (long) Math.ceil(2 * sigma2 * z * z / (delta * delta));
      }
      double sd = Math.sqrt(r.controlVariance() * r.controlUnits());
      SampleSizeQuery q = kind == MetricKind.BINARY
          ? new SampleSizeQuery(MetricKind.BINARY, base, null, mde, cfg.alpha(), cfg.power())
          : new SampleSizeQuery(MetricKind.CONTINUOUS, base, sd, mde, cfg.alpha(), cfg.power());
      return PowerCalculator.plan(q).unitsPerVariant();
    } catch (ConfigurationException e) {
      return null;
    }
  }
}
