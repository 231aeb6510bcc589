package dev.modelkit.experiments.internal.stats;

import static dev.modelkit.experiments.internal.stats.Reference.near;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Fixed-horizon tests against scipy. Every expected number comes from
 * src/test/python/reference_values.py (scipy 1.17.1, numpy 2.4.6), section named in each test.
 */
class FixedHorizonTestsTest {

  @Test
  void twoProportionZTestMatchesScipyChiSquareWithoutCorrection() {
    // "== two-proportion": scipy.stats.chi2_contingency([[248,1802],[200,1800]], correction=False)
    // gives chi2=4.527373729654643, p=0.0333567707765188; z = sqrt(chi2) = 2.1277626112079897 is
    // the pooled z of statsmodels proportions_ztest. Wald interval and delta-method relative
    // interval are scipy.stats.norm formulas in the same script.
    Comparison c = FixedHorizonTests.twoProportion(200, 2000, 248, 2050, 0.05);
    near(2.1277626112079897, c.statistic(), "z");
    near(0.0333567707765188, c.pValue(), "p");
    near(0.020975609756097552, c.effect(), "difference");
    near(0.001684802233482486, c.lower(), "lower");
    near(0.04026641727871262, c.upper(), "upper");
    near(0.20975609756097557, c.relative(), "relative");
    near(-0.0029079988457349493, c.relativeLower(), "relative lower");
    near(0.4224201939676861, c.relativeUpper(), "relative upper");
  }

  @Test
  void welchMatchesScipyTtestInd() {
    // "== Welch": scipy.stats.ttest_ind(b, a, equal_var=False) gives t=3.3404379355188074,
    // p=0.00353468444927182, df=18.504651795945172, confidence_interval(0.95) =
    // (0.7507870396618741, 3.282546293671461).
    double[] a = {12.1, 9.8, 11.4, 10.0, 13.2, 8.7, 10.9, 11.8, 9.5, 12.6};
    double[] b = {13.5, 12.2, 11.9, 14.8, 10.7, 13.1, 12.9, 15.2, 11.6, 13.8, 12.4, 14.1};
    Comparison c = FixedHorizonTests.welch(Reference.moments(a), Reference.moments(b), 0.05);
    near(3.3404379355188074, c.statistic(), "t");
    near(0.00353468444927182, c.pValue(), "p");
    near(18.504651795945172, c.degreesOfFreedom(), "df");
    near(0.7507870396618741, c.lower(), "lower");
    near(3.282546293671461, c.upper(), "upper");
    near(0.18333333333333335, c.relative(), "relative");
    near(0.06370773069245374, c.relativeLower(), "relative lower");
    near(0.302958935974213, c.relativeUpper(), "relative upper");
  }

  @Test
  void ratioDeltaMethodMatchesNumpyFormula() {
    // "== ratio (delta method)": numpy, Var(R) = (s_n^2 - 2 R s_nd + R^2 s_d^2) / (n mean_d^2)
    // with np.cov(ddof=1) (Deng et al. 2018); z and p from scipy.stats.norm.
    double[] cn = {3, 0, 5, 2, 1, 4, 2, 0, 6, 3};
    double[] cd = {10, 4, 12, 8, 5, 9, 7, 3, 15, 10};
    double[] tn = {4, 2, 6, 3, 2, 5, 3, 1, 7, 4, 2};
    double[] td = {11, 5, 12, 9, 6, 10, 7, 4, 14, 10, 6};
    Moments control = Reference.moments(cn, cd);
    Moments treatment = Reference.moments(tn, td);
    near(0.001246661137557827, FixedHorizonTests.ratioVariance(control), "Vc");
    near(0.0006217773251981041, FixedHorizonTests.ratioVariance(treatment), "Vt");
    Comparison c = FixedHorizonTests.ratio(control, treatment, 0.05);
    near(0.3132530120481928, c.controlMean(), "Rc");
    near(0.4148936170212766, c.treatmentMean(), "Rt");
    near(2.3514071904151113, c.statistic(), "z");
    near(0.018702554640424397, c.pValue(), "p");
    near(0.016920303901392944, c.lower(), "lower");
    near(0.18636090604477468, c.upper(), "upper");
  }

  @Test
  void identicalGroupsGiveNoEffect() {
    Comparison c = FixedHorizonTests.twoProportion(100, 1000, 100, 1000, 0.05);
    assertEquals(0, c.statistic());
    assertEquals(1, c.pValue(), 1e-12);
    assertTrue(c.lower() < 0 && c.upper() > 0);
  }
}
