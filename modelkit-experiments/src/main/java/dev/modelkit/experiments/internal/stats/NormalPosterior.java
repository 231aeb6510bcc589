package dev.modelkit.experiments.internal.stats;

/**
 * Comparison of two means with normal posteriors under a flat prior: the difference is
 * N(estimate, V) with V the sum of the squared standard errors. Closed forms: P(difference &gt;
 * 0) = Phi(e / s); E[max(-D, 0)] = s phi(e / s) - e Phi(-e / s); E[max(D, 0)] = s phi(e / s) + e
 * Phi(e / s); credible interval e +- z s.
 */
public final class NormalPosterior {

  private NormalPosterior() {}

  /**
   * @param estimate the difference treatment - control
   * @param variance its variance
   * @param alpha credible interval level is 1 - alpha
   * @return the comparison, in the same shape as the beta-binomial one
   */
  public static BetaBinomialPosterior.Result compare(double estimate, double variance, double alpha) {
    double s = Math.sqrt(variance);
    if (!(s > 0)) {
      double p = estimate > 0 ? 1 : estimate < 0 ? 0 : 0.5;
      return new BetaBinomialPosterior.Result(p, Math.max(0, -estimate), Math.max(0, estimate), estimate, estimate);
    }
    double z = estimate / s;
    double phi = Distributions.normalPdf(z);
    double higher = Distributions.normalCdf(z);
    double lossTreatment = s * phi - estimate * Distributions.normalCdf(-z);
    double lossControl = s * phi + estimate * higher;
    double q = Distributions.normalQuantile(1 - alpha / 2);
    return new BetaBinomialPosterior.Result(higher, lossTreatment, lossControl, estimate - q * s, estimate + q * s);
  }
}
