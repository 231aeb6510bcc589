package dev.modelkit.experiment;

import dev.modelkit.config.Checks;

/**
 * A question for the sample-size and power calculator: two variants of equal size, a two-sided
 * test at level {@code alpha}.
 *
 * @param kind {@link MetricKind#BINARY} (uses the baseline rate) or {@link MetricKind#CONTINUOUS}
 *     (uses the standard deviation); count metrics are planned as continuous
 * @param baseline the control's conversion rate (between 0 and 1) or mean
 * @param standardDeviation the per-unit standard deviation for a continuous metric; ignored for
 *     binary
 * @param minimumDetectableEffect the relative effect to detect, for example 0.1 for +10%
 * @param alpha significance level, for example 0.05
 * @param power the probability of detecting the effect, for example 0.8
 */
public record SampleSizeQuery(MetricKind kind, double baseline, Double standardDeviation, double minimumDetectableEffect,
    double alpha, double power) {

  /**
   * Validates.
   *
   * @throws dev.modelkit.ConfigurationException naming every out-of-range value
   */
  public SampleSizeQuery {
    Checks c = new Checks("SampleSizeQuery");
    c.required("kind", kind);
    c.check(kind != MetricKind.RATIO, "kind", kind, "be binary, continuous or count");
    if (kind == MetricKind.BINARY) {
      c.check(baseline > 0 && baseline < 1, "baseline", baseline, "be a conversion rate above 0 and below 1");
      c.check(baseline * (1 + minimumDetectableEffect) < 1, "minimumDetectableEffect", minimumDetectableEffect,
          "keep the treatment rate baseline * (1 + effect) below 1");
    } else {
      c.check(baseline != 0 && Double.isFinite(baseline), "baseline", baseline, "be a finite, non-zero mean");
      c.required("standardDeviation", standardDeviation);
      c.positive("standardDeviation", standardDeviation);
    }
    c.check(minimumDetectableEffect != 0 && Double.isFinite(minimumDetectableEffect) && minimumDetectableEffect > -1,
        "minimumDetectableEffect", minimumDetectableEffect, "be a non-zero relative effect above -1");
    c.check(alpha > 0 && alpha < 1, "alpha", alpha, "be above 0 and below 1");
    c.check(power > 0 && power < 1, "power", power, "be above 0 and below 1");
    c.throwIfAny();
  }

  /**
   * @param baselineRate control conversion rate
   * @param relativeEffect relative lift to detect
   * @return a query at alpha 0.05 and power 0.8
   */
  public static SampleSizeQuery conversion(double baselineRate, double relativeEffect) {
    return new SampleSizeQuery(MetricKind.BINARY, baselineRate, null, relativeEffect, 0.05, 0.8);
  }
}
