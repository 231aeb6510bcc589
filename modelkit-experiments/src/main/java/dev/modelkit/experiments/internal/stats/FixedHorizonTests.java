package dev.modelkit.experiments.internal.stats;

/**
 * Classical two-sample tests of a treatment against the control, each checked in the tests
 * against scipy for worked examples.
 *
 * <ul>
 *   <li>Conversions: two-proportion z-test with the pooled variance under the null (as
 *       statsmodels' {@code proportions_ztest}; equal to scipy's {@code chi2_contingency} without
 *       continuity correction), and the unpooled Wald interval for the difference.
 *   <li>Means: Welch's unequal-variance t-test with Welch-Satterthwaite degrees of freedom and the
 *       matching t interval (scipy's {@code ttest_ind(equal_var=False)}).
 *   <li>Ratios sum(y)/sum(x): delta-method variance of each variant's ratio and a z-test of their
 *       difference (Deng, Knoblich and Lu, "Applying the Delta Method in Metric Analytics", 2018).
 * </ul>
 *
 * <p>Relative effects are (treatment - control) / |control| (treatment / control - 1 when the
 * control's value is positive), with the delta-method variance for independent groups, Var = V_t
 * / m_c^2 + m_t^2 V_c / m_c^4, and a normal interval.
 */
public final class FixedHorizonTests {

  private FixedHorizonTests() {}

  /**
   * @param controlSuccesses control conversions
   * @param controlUnits control units
   * @param treatmentSuccesses treatment conversions
   * @param treatmentUnits treatment units
   * @param alpha interval level is 1 - alpha
   * @return the comparison
   */
  public static Comparison twoProportion(long controlSuccesses, long controlUnits, long treatmentSuccesses,
      long treatmentUnits, double alpha) {
    double pc = (double) controlSuccesses / controlUnits;
    double pt = (double) treatmentSuccesses / treatmentUnits;
    double pooled = (double) (controlSuccesses + treatmentSuccesses) / (controlUnits + treatmentUnits);
    double pooledSe = Math.sqrt(pooled * (1 - pooled) * (1.0 / controlUnits + 1.0 / treatmentUnits));
    double diff = pt - pc;
    double z = pooledSe == 0 ? (diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff)) : diff / pooledSe;
    double vc = pc * (1 - pc) / controlUnits;
    double vt = pt * (1 - pt) / treatmentUnits;
    double se = Math.sqrt(vc + vt);
    double q = Distributions.normalQuantile(1 - alpha / 2);
    double[] rel = relative(pc, vc, pt, vt, q);
    return new Comparison("two-proportion z-test", pc, pt, diff, se, diff - q * se, diff + q * se, rel[0], rel[1],
        rel[2], z, Double.NaN, Distributions.normalTwoSided(z));
  }

  /**
   * @param control control statistics (y only)
   * @param treatment treatment statistics
   * @param alpha interval level is 1 - alpha
   * @return Welch's comparison; NaN statistics when a variant has fewer than two observations
   */
  public static Comparison welch(Moments control, Moments treatment, double alpha) {
    double mc = control.meanY();
    double mt = treatment.meanY();
    double vc = control.varianceY() / control.n();
    double vt = treatment.varianceY() / treatment.n();
    double se = Math.sqrt(vc + vt);
    double diff = mt - mc;
    double df = (vc + vt) * (vc + vt)
        / (vc * vc / (control.n() - 1) + vt * vt / (treatment.n() - 1));
    double t = se == 0 ? (diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff)) : diff / se;
    double lower;
    double upper;
    double p;
    if (se == 0 || Double.isNaN(df)) {
      lower = diff;
      upper = diff;
      p = diff == 0 ? 1 : 0;
    } else {
      double tq = Distributions.tQuantile(1 - alpha / 2, df);
      lower = diff - tq * se;
      upper = diff + tq * se;
      p = Distributions.tTwoSided(t, df);
    }
    double[] rel = relative(mc, vc, mt, vt, Distributions.normalQuantile(1 - alpha / 2));
    return new Comparison("Welch t-test", mc, mt, diff, se, lower, upper, rel[0], rel[1], rel[2], t, df, p);
  }

  /**
   * @param control control statistics with y = numerator and x = denominator
   * @param treatment treatment statistics
   * @param alpha interval level is 1 - alpha
   * @return the delta-method comparison of sum(y)/sum(x)
   */
  public static Comparison ratio(Moments control, Moments treatment, double alpha) {
    double rc = ratioOf(control);
    double rt = ratioOf(treatment);
    double vc = ratioVariance(control);
    double vt = ratioVariance(treatment);
    double se = Math.sqrt(vc + vt);
    double diff = rt - rc;
    double z = se == 0 ? (diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff)) : diff / se;
    double q = Distributions.normalQuantile(1 - alpha / 2);
    double[] rel = relative(rc, vc, rt, vt, q);
    return new Comparison("delta-method z-test", rc, rt, diff, se, diff - q * se, diff + q * se, rel[0], rel[1], rel[2],
        z, Double.NaN, Distributions.normalTwoSided(z));
  }

  /**
   * @param m statistics with y = numerator, x = denominator
   * @return sum(y) / sum(x)
   */
  public static double ratioOf(Moments m) {
    return m.meanYx() / m.meanX();
  }

  /**
   * Delta-method variance of the ratio of means: (s_y^2 - 2 R s_xy + R^2 s_x^2) / (n mean_x^2).
   *
   * @param m statistics with y = numerator, x = denominator
   * @return the variance of sum(y)/sum(x)
   */
  public static double ratioVariance(Moments m) {
    double r = ratioOf(m);
    double mx = m.meanX();
    double v = m.varianceY() - 2 * r * m.covarianceXY() + r * r * m.varianceX();
    return Math.max(0, v) / (m.nX() * mx * mx);
  }

  /**
   * Delta-method relative effect.
   *
   * @param mc control value
   * @param vc variance of the control value
   * @param mt treatment value
   * @param vt variance of the treatment value
   * @param q normal quantile for the interval
   * @return relative effect, lower, upper; NaN when the control value is 0
   */
  static double[] relative(double mc, double vc, double mt, double vt, double q) {
    if (mc == 0 || Double.isNaN(vc) || Double.isNaN(vt)) {
      return new double[] {mc == 0 ? Double.NaN : (mt - mc) / Math.abs(mc), Double.NaN, Double.NaN};
    }
    // Relative to the control's magnitude, so that a gain reads as a gain also when the control's
    // value is negative (a loss-making baseline, say).
    double rel = (mt - mc) / Math.abs(mc);
    double var = vt / (mc * mc) + mt * mt * vc / (mc * mc * mc * mc);
    double se = Math.sqrt(var);
    return new double[] {rel, rel - q * se, rel + q * se};
  }
}
