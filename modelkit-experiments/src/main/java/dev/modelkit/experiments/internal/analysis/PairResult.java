package dev.modelkit.experiments.internal.analysis;

import dev.modelkit.experiments.internal.stats.BetaBinomialPosterior;
import dev.modelkit.experiments.internal.stats.Comparison;
import dev.modelkit.experiments.internal.stats.Cuped;
import dev.modelkit.experiments.internal.stats.MixtureSequentialTest;

/**
 * Everything computed for one treatment against the control on one metric, before the
 * multiplicity correction is known.
 *
 * @param metric metric index
 * @param variant treatment index
 * @param fixed the fixed-horizon comparison, or null
 * @param sequential the sequential look, or null
 * @param bayesModel {@code beta-binomial} or {@code normal}
 * @param bayes the posterior comparison (treatment-higher orientation), or null
 * @param cuped the CUPED comparison, or null
 * @param controlUnits units counted in the control
 * @param treatmentUnits units counted in the treatment
 * @param controlVariance variance of the control's value
 * @param treatmentVariance variance of the treatment's value
 */
record PairResult(int metric, int variant, Comparison fixed, MixtureSequentialTest.Look sequential, String bayesModel,
    BetaBinomialPosterior.Result bayes, Cuped.Result cuped, long controlUnits, long treatmentUnits,
    double controlVariance, double treatmentVariance) {}
