package dev.modelkit.experiments.internal.stats;

/**
 * CUPED (Deng, Xu, Kohavi and Walker, 2013): the effect on y adjusted by a pre-experiment
 * covariate x, using theta = pooled within-variant cov(x, y) / var(x). The adjusted effect
 * (mean y_t - mean y_c) - theta (mean x_t - mean x_c) equals the treatment coefficient of the
 * least-squares fit y ~ 1 + treatment + x; each variant's adjusted mean has variance (s_y^2 - 2
 * theta s_xy + theta^2 s_x^2) / n, and the test is a normal z-test.
 */
public final class Cuped {

  private Cuped() {}

  /**
   * The adjusted comparison.
   *
   * @param theta the adjustment coefficient
   * @param effect adjusted treatment - control
   * @param standardError its standard error
   * @param lower interval lower end
   * @param upper interval upper end
   * @param pValue two-sided p-value
   * @param varianceReduction 1 - adjusted variance / unadjusted variance
   */
  public record Result(double theta, double effect, double standardError, double lower, double upper, double pValue,
      double varianceReduction) {}

  /**
   * @param control control statistics where every observation has its covariate as x
   * @param treatment treatment statistics, likewise
   * @param alpha interval level is 1 - alpha
   * @return the adjusted comparison, or null when the covariate has no variance
   */
  public static Result compare(Moments control, Moments treatment, double alpha) {
    double m2x = control.m2X() + treatment.m2X();
    if (!(m2x > 0)) {
      return null;
    }
    double theta = (control.cXY() + treatment.cXY()) / m2x;
    double effect = (treatment.meanY() - control.meanY()) - theta * (treatment.meanX() - control.meanX());
    double vc = adjustedVariance(control, theta) / control.n();
    double vt = adjustedVariance(treatment, theta) / treatment.n();
    double se = Math.sqrt(vc + vt);
    double plain = control.varianceY() / control.n() + treatment.varianceY() / treatment.n();
    double z = se == 0 ? (effect == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, effect)) : effect / se;
    double q = Distributions.normalQuantile(1 - alpha / 2);
    return new Result(theta, effect, se, effect - q * se, effect + q * se, Distributions.normalTwoSided(z),
        plain > 0 ? 1 - (vc + vt) / plain : 0);
  }

  private static double adjustedVariance(Moments m, double theta) {
    return Math.max(0, m.varianceY() - 2 * theta * m.covarianceXY() + theta * theta * m.varianceX());
  }
}
