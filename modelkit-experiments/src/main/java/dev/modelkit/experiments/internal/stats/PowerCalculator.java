package dev.modelkit.experiments.internal.stats;

import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.SampleSizePlan;
import dev.modelkit.experiment.SampleSizeQuery;

/**
 * Sample size and power of a two-sided two-sample test with equal groups.
 *
 * <ul>
 *   <li>Conversions (Fleiss' formula without continuity correction, as R's {@code
 *       power.prop.test}): n = (z(1-a/2) sqrt(2 pbar qbar) + z(power) sqrt(p1 q1 + p2 q2))^2 /
 *       (p2 - p1)^2, pbar the mean of the two rates.
 *   <li>Means (normal approximation, as statsmodels' {@code NormalIndPower}): n = 2 sigma^2
 *       (z(1-a/2) + z(power))^2 / delta^2.
 * </ul>
 *
 * <p>Power ignores the opposite tail, as both references do.
 */
public final class PowerCalculator {

  private PowerCalculator() {}

  /**
   * @param q the planned test
   * @return units per variant (rounded up) and the achieved power
   */
  public static SampleSizePlan plan(SampleSizeQuery q) {
    double za = Distributions.normalQuantile(1 - q.alpha() / 2);
    double zb = Distributions.normalQuantile(q.power());
    double delta = absoluteEffect(q);
    double n;
    String formula;
    if (q.kind() == MetricKind.BINARY) {
      double p1 = q.baseline();
      double p2 = p1 + delta;
      double pbar = (p1 + p2) / 2;
      double a = za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
      n = a * a / (delta * delta);
      formula = "Fleiss (R power.prop.test): n = (z(1-a/2)*sqrt(2*pbar*qbar) + z(power)*sqrt(p1*q1 + p2*q2))^2 / (p2 - p1)^2";
    } else {
      double s = q.standardDeviation();
      n = 2 * s * s * (za + zb) * (za + zb) / (delta * delta);
      formula = "normal approximation (statsmodels NormalIndPower): n = 2*sigma^2*(z(1-a/2) + z(power))^2 / delta^2";
    }
    long units = (long) Math.ceil(n - 1e-9);
    return new SampleSizePlan(q, units, 2 * units, delta, power(q, units), formula);
  }

  /**
   * @param q the planned test (its power is ignored)
   * @param unitsPerVariant units per variant
   * @return the power
   */
  public static double power(SampleSizeQuery q, long unitsPerVariant) {
    double za = Distributions.normalQuantile(1 - q.alpha() / 2);
    double delta = Math.abs(absoluteEffect(q));
    double n = unitsPerVariant;
    if (q.kind() == MetricKind.BINARY) {
      double p1 = q.baseline();
      double p2 = p1 + absoluteEffect(q);
      double pbar = (p1 + p2) / 2;
      double num = delta * Math.sqrt(n) - za * Math.sqrt(2 * pbar * (1 - pbar));
      return Distributions.normalCdf(num / Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)));
    }
    double s = q.standardDeviation();
    return Distributions.normalCdf(delta * Math.sqrt(n / 2) / s - za);
  }

  private static double absoluteEffect(SampleSizeQuery q) {
    return q.baseline() * q.minimumDetectableEffect();
  }
}
