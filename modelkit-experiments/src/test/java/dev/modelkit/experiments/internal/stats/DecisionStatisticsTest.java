package dev.modelkit.experiments.internal.stats;

import static dev.modelkit.experiments.internal.stats.Reference.near;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.MultipleTestingCorrection;
import dev.modelkit.experiment.SampleSizePlan;
import dev.modelkit.experiment.SampleSizeQuery;
import org.junit.jupiter.api.Test;

/**
 * Corrections, sample-ratio check, power, sequential, Bayesian and CUPED statistics against the
 * values printed by src/test/python/reference_values.py (section named in each test).
 */
class DecisionStatisticsTest {

  @Test
  void holmAndBenjaminiHochberg() {
    // "== multiple testing": scipy.stats.false_discovery_control([.01,.04,.03,.005,.2], method='bh')
    // = [0.025, 0.05, 0.05, 0.025, 0.2]; Holm by the statsmodels multipletests('holm') formula
    // = [0.04, 0.09, 0.09, 0.025, 0.2].
    double[] p = {0.01, 0.04, 0.03, 0.005, 0.20};
    double[] bh = MultipleTesting.adjust(MultipleTestingCorrection.BENJAMINI_HOCHBERG, p);
    double[] holm = MultipleTesting.adjust(MultipleTestingCorrection.HOLM, p);
    double[] expectedBh = {0.025, 0.05, 0.05, 0.025, 0.2};
    double[] expectedHolm = {0.04, 0.09, 0.09, 0.025, 0.2};
    for (int i = 0; i < p.length; i++) {
      near(expectedBh[i], bh[i], "BH[" + i + "]");
      near(expectedHolm[i], holm[i], "Holm[" + i + "]");
    }
    double[] withNaN = MultipleTesting.holm(new double[] {Double.NaN, 0.02, 0.03});
    assertTrue(Double.isNaN(withNaN[0]));
    near(0.04, withNaN[1], "Holm ignores NaN in the family size");
  }

  @Test
  void sampleRatioMismatchMatchesScipyChisquare() {
    // "== SRM": scipy.stats.chisquare([5000, 5300]) = (8.737864077669903, 0.003116693839866867);
    // chisquare([5000, 5050]) = (0.24875621890547264, 0.6179522266795625);
    // chisquare([1020, 4900, 4080], f_exp=[1000, 5000, 4000]) = (4.0, 0.1353352832366127).
    long[] flagged = {5000, 5300};
    SampleRatio.Result r1 = SampleRatio.test(flagged, SampleRatio.expectedCounts(flagged, new double[] {50, 50}));
    near(8.737864077669903, r1.chiSquare(), "chi2");
    near(0.003116693839866867, r1.pValue(), "p");
    long[] fine = {5000, 5050};
    SampleRatio.Result r2 = SampleRatio.test(fine, SampleRatio.expectedCounts(fine, new double[] {50, 50}));
    near(0.24875621890547264, r2.chiSquare(), "chi2");
    near(0.6179522266795625, r2.pValue(), "p");
    long[] three = {1020, 4900, 4080};
    SampleRatio.Result r3 = SampleRatio.test(three, SampleRatio.expectedCounts(three, new double[] {10, 50, 40}));
    near(4.0, r3.chiSquare(), "chi2");
    near(0.1353352832366127, r3.pValue(), "p");
    assertEquals(2, r3.degreesOfFreedom());
  }

  @Test
  void sampleSizeMatchesPowerPropTest() {
    // "== sample size": Fleiss' formula with scipy.stats.norm quantiles gives 14750.790469044954
    // per group for 10% -> 11% at alpha 0.05, power 0.8 (R's power.prop.test prints 14750.79);
    // power at 14751 is 0.8000055710998799, at 5000 it is 0.3710889343229116.
    SampleSizePlan plan = PowerCalculator.plan(SampleSizeQuery.conversion(0.10, 0.10));
    assertEquals(14751, plan.unitsPerVariant());
    assertEquals(29502, plan.totalUnits());
    near(0.8000055710998799, plan.achievedPower(), "power at n");
    near(0.3710889343229116, PowerCalculator.power(SampleSizeQuery.conversion(0.10, 0.10), 5000), "power at 5000");
    // continuous, sigma 20, mean 100, +5%: 2 sigma^2 (z.975 + z.8)^2 / 5^2 = 251.164 -> 252, power 0.801301455473719
    SampleSizePlan c = PowerCalculator.plan(new SampleSizeQuery(MetricKind.CONTINUOUS, 100, 20.0, 0.05, 0.05, 0.8));
    assertEquals(252, c.unitsPerVariant());
    near(0.801301455473719, c.achievedPower(), "continuous power");
  }

  @Test
  void mixtureSprtMatchesClosedFormAndNumericalMixture() {
    // "== mixture SPRT": x solving x - ln(1+x) = 2 ln 20 is 8.211968062068253. For estimate
    // 0.012, variance 1.8e-5, 3000 units per variant and n* = 10000: tau^2 = 4.4344627535168565e-05,
    // Lambda = 9.244013617157457 (closed form), 9.244013617157451 by scipy.integrate.quad of the
    // Gaussian likelihood ratio over N(0, tau^2), so p = 0.1081781184467252; radius
    // 0.013529994528255807.
    near(8.211968062068253, MixtureSequentialTest.tuningMultiplier(0.05), "tuning multiplier");
    double tau2 = MixtureSequentialTest.tauSquared(0.0000180, 3000, 10000, 0.05);
    near(4.4344627535168565e-05, tau2, "tau^2");
    MixtureSequentialTest.Look look = MixtureSequentialTest.look(0.012, 0.0000180, tau2, 0.05);
    near(0.1081781184467252, look.pValue(), "always-valid p");
    near(-0.001529994528255807, look.lower(), "lower");
    near(0.025529994528255807, look.upper(), "upper");
    assertFalse(look.excludesZero());
    // The boundary and the p-value agree: the sequence excludes zero exactly when p < alpha.
    MixtureSequentialTest.Look strong = MixtureSequentialTest.look(0.02, 0.0000180, tau2, 0.05);
    assertEquals(strong.excludesZero(), strong.pValue() < 0.05);
    assertTrue(strong.excludesZero());
  }

  @Test
  void betaBinomialMatchesQuadratureAndClosedForm() {
    // "== beta-binomial": control Beta(201, 1801), treatment Beta(249, 1803).
    // P(T > C) = 0.9832820112018076 by scipy.integrate.quad and by Evan Miller's closed-form sum
    // (mpmath, 40 digits); expected losses 5.932032807068593e-05 (checked by a direct
    // scipy dblquad, 5.9320321226570064e-05) and 0.02100474916823636; credible interval of T - C
    // by scipy.optimize.brentq on the quad CDF: (0.001645702273594036, 0.04026805033613359).
    BetaBinomialPosterior.Result r = BetaBinomialPosterior.compare(
        new BetaBinomialPosterior.Params(201, 1801), new BetaBinomialPosterior.Params(249, 1803), 0.05);
    near(0.9832820112018076, r.probabilityTreatmentHigher(), "P(T > C)");
    near(5.932032807068593e-05, r.lossIfTreatmentChosen(), "loss if treatment chosen");
    near(0.02100474916823636, r.lossIfControlChosen(), "loss if control chosen");
    near(0.001645702273594036, r.lower(), "credible lower");
    near(0.04026805033613359, r.upper(), "credible upper");
    // "== small-count beta": Beta(10, 42) vs Beta(4, 48): 0.9641407903589442 (quad and closed form).
    near(0.9641407903589442, BetaBinomialPosterior.probabilityGreater(
        new BetaBinomialPosterior.Params(10, 42), new BetaBinomialPosterior.Params(4, 48)), "small counts");
  }

  @Test
  void normalPosteriorMatchesScipy() {
    // "== normal posterior": estimate 0.8, variance 0.25: Phi(1.6) = 0.945200708300442; losses by
    // scipy.integrate.quad 0.011620983980081382 and 0.8116209839800815; interval
    // (-0.17998199227002698, 1.779981992270027).
    BetaBinomialPosterior.Result r = NormalPosterior.compare(0.8, 0.25, 0.05);
    near(0.945200708300442, r.probabilityTreatmentHigher(), "P(D > 0)");
    near(0.011620983980081382, r.lossIfTreatmentChosen(), "loss ship");
    near(0.8116209839800815, r.lossIfControlChosen(), "loss keep");
    near(-0.17998199227002698, r.lower(), "lower");
    near(1.779981992270027, r.upper(), "upper");
  }

  @Test
  void cupedEqualsLeastSquaresAdjustment() {
    // "== CUPED": numpy.linalg.lstsq of y ~ 1 + T + x gives coef(T) = 1.109092683136426 and
    // coef(x) = theta = 0.999982096788343; Deng et al.'s variance with np.cov(ddof=1) gives se
    // 0.16131362675466612, p 6.182429371853101e-12, interval (0.7929237844817436,
    // 1.4252615817911085) and variance reduction 0.9516378276784204.
    double[] yc = {10.2, 12.5, 9.1, 14.0, 11.3, 13.6, 8.8, 12.0, 10.9, 11.7};
    double[] xc = {9.8, 12.9, 8.7, 13.1, 11.0, 13.0, 9.2, 11.4, 10.1, 11.9};
    double[] yt = {11.9, 13.8, 10.4, 15.1, 12.6, 14.9, 10.2, 13.3, 12.1, 13.0, 11.5};
    double[] xt = {10.1, 12.7, 8.9, 13.6, 11.2, 13.4, 8.8, 11.9, 10.6, 11.8, 10.3};
    Cuped.Result r = Cuped.compare(Reference.moments(yc, xc), Reference.moments(yt, xt), 0.05);
    near(0.999982096788343, r.theta(), "theta");
    near(1.109092683136426, r.effect(), "effect");
    near(0.16131362675466612, r.standardError(), "se");
    near(6.182429371853101e-12, r.pValue(), "p");
    near(0.7929237844817436, r.lower(), "lower");
    near(1.4252615817911085, r.upper(), "upper");
    near(0.9516378276784204, r.varianceReduction(), "variance reduction");
    assertNull(Cuped.compare(Reference.moments(yc, new double[10]), Reference.moments(yt, new double[11]), 0.05));
  }
}
