package dev.modelkit.experiments.internal.stats;

/**
 * Always-valid inference for an effect estimate with (asymptotically) normal error: the
 * normal-mixture sequential probability ratio test (Robbins 1970; Johari, Pekelis and Walsh,
 * "Always Valid Inference", 2017), with the variance estimated from the data as in the
 * asymptotic confidence sequences of Waudby-Smith et al. ("Time-uniform central limit theory",
 * 2021).
 *
 * <p>For an estimate {@code e} of the effect with variance {@code V}, mixing the likelihood ratio
 * over effects drawn from N(0, tau^2) gives
 *
 * <pre>
 *   Lambda = sqrt(V / (V + tau^2)) * exp(tau^2 e^2 / (2 V (V + tau^2)))
 * </pre>
 *
 * <p>a non-negative martingale under the null, so by Ville's inequality the chance that it ever
 * exceeds 1/alpha is at most alpha: the p-value min(1, 1/Lambda) and the confidence sequence
 *
 * <pre>
 *   e +- sqrt( V (V + tau^2) / tau^2 * (ln((V + tau^2) / V) + 2 ln(1/alpha)) )
 * </pre>
 *
 * <p>may be looked at after every observation.
 *
 * <p>Tuning: {@code tau^2 = x * V*}, where {@code V*} is the estimate's variance at the tuning
 * sample size (n* units per variant) and {@code x} solves {@code x - ln(1 + x) = 2 ln(1/alpha)}
 * (x = 8.21 for alpha = 0.05), which minimises the sequence's width at n* (derived in {@code
 * docs/decisions/0052}; the same optimisation as Howard et al., 2021). {@code V*} is derived from the current variance estimate, {@code V * nbar / n*}
 * with nbar the mean units per variant, so tau is fixed in standardised units and the plug-in
 * variance converges.
 */
public final class MixtureSequentialTest {

  private MixtureSequentialTest() {}

  /**
   * A look's result.
   *
   * @param estimate the effect estimate
   * @param lower confidence-sequence lower end
   * @param upper confidence-sequence upper end
   * @param pValue always-valid p-value at this look
   * @param tauSquared the mixture variance used
   */
  public record Look(double estimate, double lower, double upper, double pValue, double tauSquared) {

    /** @return whether the sequence excludes zero */
    public boolean excludesZero() {
      return lower > 0 || upper < 0;
    }
  }

  /**
   * @param alpha the level
   * @return x with x - ln(1 + x) = 2 ln(1/alpha)
   */
  public static double tuningMultiplier(double alpha) {
    double target = 2 * Math.log(1 / alpha);
    double x = target + Math.log(1 + target);
    for (int i = 0; i < 100; i++) {
      double next = target + Math.log(1 + x);
      if (Math.abs(next - x) < 1e-14) {
        return next;
      }
      x = next;
    }
    return x;
  }

  /**
   * @param variance the estimate's variance now
   * @param meanUnitsPerVariant units per variant now (mean over the two variants compared)
   * @param tuningUnits n*, units per variant where the sequence should be tightest
   * @param alpha the level
   * @return the mixture variance tau^2
   */
  public static double tauSquared(double variance, double meanUnitsPerVariant, double tuningUnits, double alpha) {
    return tuningMultiplier(alpha) * variance * meanUnitsPerVariant / tuningUnits;
  }

  /**
   * @param estimate the effect estimate
   * @param variance its variance
   * @param tauSquared the mixture variance
   * @param alpha the level
   * @return the confidence sequence and p-value at this look; with zero variance the sequence is
   *     unbounded and p = 1
   */
  public static Look look(double estimate, double variance, double tauSquared, double alpha) {
    if (!(variance > 0) || !(tauSquared > 0) || Double.isNaN(estimate)) {
      return new Look(estimate, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1, tauSquared);
    }
    double sum = variance + tauSquared;
    double radius = Math.sqrt(variance * sum / tauSquared * (Math.log(sum / variance) + 2 * Math.log(1 / alpha)));
    double logLambda = 0.5 * Math.log(variance / sum) + tauSquared * estimate * estimate / (2 * variance * sum);
    double p = logLambda <= 0 ? 1 : Math.exp(-logLambda);
    return new Look(estimate, estimate - radius, estimate + radius, p, tauSquared);
  }

  /**
   * @param variance the estimate's variance
   * @param tauSquared the mixture variance
   * @param alpha the level
   * @return the confidence sequence's half-width
   */
  public static double radius(double variance, double tauSquared, double alpha) {
    double sum = variance + tauSquared;
    return Math.sqrt(variance * sum / tauSquared * (Math.log(sum / variance) + 2 * Math.log(1 / alpha)));
  }
}
