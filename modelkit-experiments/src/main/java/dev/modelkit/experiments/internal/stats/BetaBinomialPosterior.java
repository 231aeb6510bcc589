package dev.modelkit.experiments.internal.stats;

import org.hipparchus.analysis.solvers.BrentSolver;
import org.hipparchus.special.Beta;

/**
 * Comparison of two conversion rates with independent beta posteriors, Beta(prior a + successes,
 * prior b + failures). The probability that one beats the other, the expected losses and the
 * credible interval of the difference are one-dimensional integrals of a beta density against a
 * beta distribution function, computed with composite 16-point Gauss-Legendre quadrature over
 * the region holding the density's mass, clipped to [0, 1]: mean +- 12 standard deviations when
 * both shape parameters are at least 50 (the posterior is then close to normal and the tails
 * beyond hold less than 1e-20), else +- 40 for the heavier, skewed tails of small counts; panels
 * are one standard deviation of the narrower posterior wide.
 *
 * <p>Expected loss uses E[X 1{X &gt; Y}] = E[X] P(X' &gt; Y) with X' ~ Beta(a + 1, b), so it
 * needs no second integral.
 */
public final class BetaBinomialPosterior {
  private static final GaussLegendre RULE = new GaussLegendre(16);
  private static final double WIDE_SPAN_SD = 40;
  private static final double NARROW_SPAN_SD = 12;
  private static final double NEAR_NORMAL_SHAPE = 50;
  private static final int MIN_PANELS = 24;
  private static final int MAX_PANELS = 2048;

  private BetaBinomialPosterior() {}

  /**
   * A beta distribution's parameters.
   *
   * @param a first shape parameter
   * @param b second shape parameter
   */
  public record Params(double a, double b) {

    /** @return the mean */
    public double mean() {
      return a / (a + b);
    }

    /** @return the variance */
    public double variance() {
      double s = a + b;
      return a * b / (s * s * (s + 1));
    }

    double sd() {
      return Math.sqrt(variance());
    }

    double logBeta() {
      return Beta.logBeta(a, b);
    }

    /** @return the size-biased distribution Beta(a + 1, b) */
    Params sizeBiased() {
      return new Params(a + 1, b);
    }
  }

  /**
   * The posterior comparison of a treatment with the control.
   *
   * @param probabilityTreatmentHigher P(treatment rate &gt; control rate)
   * @param lossIfTreatmentChosen E[max(control - treatment, 0)]
   * @param lossIfControlChosen E[max(treatment - control, 0)]
   * @param lower credible interval lower end of treatment - control
   * @param upper credible interval upper end
   */
  public record Result(double probabilityTreatmentHigher, double lossIfTreatmentChosen, double lossIfControlChosen,
      double lower, double upper) {}

  /**
   * @param control control posterior
   * @param treatment treatment posterior
   * @param alpha credible interval level is 1 - alpha
   * @return the comparison
   */
  public static Result compare(Params control, Params treatment, double alpha) {
    double pHigher = probabilityGreater(treatment, control);
    double lossTreatment = control.mean() * probabilityGreater(control.sizeBiased(), treatment)
        - treatment.mean() * probabilityGreater(control, treatment.sizeBiased());
    double lossControl = treatment.mean() * probabilityGreater(treatment.sizeBiased(), control)
        - control.mean() * probabilityGreater(treatment, control.sizeBiased());
    double lower = differenceQuantile(treatment, control, alpha / 2);
    double upper = differenceQuantile(treatment, control, 1 - alpha / 2);
    return new Result(pHigher, Math.max(0, lossTreatment), Math.max(0, lossControl), lower, upper);
  }

  /**
   * @param x one distribution
   * @param y the other
   * @return P(X &gt; Y) = integral of f_X(t) F_Y(t) dt
   */
  public static double probabilityGreater(Params x, Params y) {
    double lnB = x.logBeta();
    return integrate(x, Math.min(x.sd(), y.sd()), t -> density(t, x, lnB) * Beta.regularizedBeta(t, y.a(), y.b()));
  }

  /**
   * @param x treatment distribution
   * @param y control distribution
   * @param d a difference
   * @return P(X - Y &lt;= d) = integral of f_Y(t) F_X(t + d) dt
   */
  public static double differenceCdf(Params x, Params y, double d) {
    double lnB = y.logBeta();
    return integrate(y, Math.min(x.sd(), y.sd()), t -> {
      double u = t + d;
      double fx = u <= 0 ? 0 : u >= 1 ? 1 : Beta.regularizedBeta(u, x.a(), x.b());
      return density(t, y, lnB) * fx;
    });
  }

  /**
   * @param x treatment distribution
   * @param y control distribution
   * @param p a probability
   * @return the p-quantile of X - Y
   */
  public static double differenceQuantile(Params x, Params y, double p) {
    double mean = x.mean() - y.mean();
    double sd = Math.sqrt(x.variance() + y.variance());
    double lo = Math.max(-1, mean - 12 * sd);
    double hi = Math.min(1, mean + 12 * sd);
    return new BrentSolver(1e-13).solve(200, d -> differenceCdf(x, y, d) - p, lo, hi, mean);
  }

  private static double density(double t, Params p, double logBeta) {
    if (t <= 0 || t >= 1) {
      return 0;
    }
    return Math.exp((p.a() - 1) * Math.log(t) + (p.b() - 1) * Math.log1p(-t) - logBeta);
  }

  private static double integrate(Params over, double resolution, java.util.function.DoubleUnaryOperator f) {
    double span = Math.min(over.a(), over.b()) >= NEAR_NORMAL_SHAPE ? NARROW_SPAN_SD : WIDE_SPAN_SD;
    double lo = Math.max(0, over.mean() - span * over.sd());
    double hi = Math.min(1, over.mean() + span * over.sd());
    int panels = (int) Math.min(MAX_PANELS, Math.max(MIN_PANELS, Math.ceil((hi - lo) / resolution)));
    double width = (hi - lo) / panels;
    double sum = 0;
    for (int k = 0; k < panels; k++) {
      double mid = lo + (k + 0.5) * width;
      double half = width / 2;
      double panel = 0;
      for (int i = 0; i < RULE.size(); i++) {
        panel += RULE.weight(i) * f.applyAsDouble(mid + half * RULE.node(i));
      }
      sum += panel * half;
    }
    return Math.min(1, Math.max(0, sum));
  }
}
