package dev.modelkit.experiments.internal.analysis;

import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.ExperimentConfiguration;
import dev.modelkit.experiment.MetricDirection;
import dev.modelkit.experiment.Recommendation;
import dev.modelkit.experiment.SampleRatioCheck;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.StoppingAction;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiments.internal.assign.Assigner;
import dev.modelkit.experiments.internal.stats.MixtureSequentialTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The early-stopping rules, applied to the sequential results only (they are valid at every
 * look), in this order:
 *
 * <ol>
 *   <li>Guards: no stop before every active variant has the configured minimum of units and the
 *       experiment has run for the minimum duration.
 *   <li>Harm: a treatment whose confidence sequence on a primary or guardrail metric lies
 *       entirely on the wrong side of zero. Stopping a harmful variant is safe even when the
 *       data are otherwise suspect, so this comes before the sample-ratio check.
 *   <li>Sample-ratio mismatch: no efficacy or futility decision on broken assignment.
 *   <li>Efficacy: a treatment better on every primary metric (and harming no guardrail, as
 *       checked above); the largest relative gain on the first primary metric wins.
 *   <li>Futility: when every primary metric has a minimum detectable effect and, for every
 *       treatment, the favourable end of some primary metric's sequence is below it.
 * </ol>
 */
final class StoppingRules {

  private StoppingRules() {}

  record Verdict(Recommendation recommendation) {}

  static Verdict recommend(ABTestExperiment e, Instant now, long[] exposures, List<List<PairResult>> pairs,
      SampleRatioCheck srm) {
    ExperimentConfiguration cfg = e.experimentConfig();
    int control = Assigner.controlIndex(e);
    List<String> reasons = new ArrayList<>();
    for (int v = 0; v < exposures.length; v++) {
      if (e.variants().get(v).active() && exposures[v] < cfg.minimumUnitsPerVariant()) {
        reasons.add("Guard: '" + e.variants().get(v).id() + "' has " + exposures[v] + " units; no stopping before "
            + cfg.minimumUnitsPerVariant() + " units per variant.");
      }
    }
    Duration ran = e.startedAt() == null ? Duration.ZERO : Duration.between(e.startedAt(), now);
    if (ran.compareTo(cfg.minimumDuration()) < 0) {
      reasons.add("Guard: the experiment has run " + Numbers.duration(ran) + "; no stopping before "
          + Numbers.duration(cfg.minimumDuration()) + ".");
    }
    if (!reasons.isEmpty()) {
      return verdict(StoppingAction.CONTINUE, null, reasons);
    }

    for (int t = 0; t < exposures.length; t++) {
      if (t == control) {
        continue;
      }
      for (int m = 0; m < pairs.size(); m++) {
        SuccessMetric metric = e.successMetrics().get(m);
        if (metric.significance() == Significance.SECONDARY) {
          continue;
        }
        PairResult r = find(pairs.get(m), t);
        if (r != null && unfavourable(metric.direction(), r.sequential())) {
          reasons.add("'" + e.variants().get(t).id() + "' is worse than the control on '" + metric.name() + "' ("
              + metric.significance().wireName() + "): the always-valid interval " + interval(r.sequential())
              + " excludes 0 on the wrong side (p = " + Numbers.fmt(r.sequential().pValue()) + ").");
          return verdict(StoppingAction.STOP_FOR_HARM, e.variants().get(t).id(), reasons);
        }
      }
    }

    if (srm.mismatch()) {
      reasons.add("Sample ratio mismatch (p = " + Numbers.fmt(srm.pValue()) + "): no efficacy or futility decision until"
          + " assignment is fixed.");
      return verdict(StoppingAction.CONTINUE, null, reasons);
    }

    int best = -1;
    double bestGain = Double.NEGATIVE_INFINITY;
    int firstPrimary = firstPrimary(e);
    for (int t = 0; t < exposures.length; t++) {
      if (t == control || !betterOnAllPrimaries(e, pairs, t)) {
        continue;
      }
      PairResult r = find(pairs.get(firstPrimary), t);
      double gain = r.fixed().relative();
      double oriented = e.successMetrics().get(firstPrimary).direction() == MetricDirection.DECREASE ? -gain : gain;
      if (best < 0 || oriented > bestGain) {
        best = t;
        bestGain = oriented;
      }
    }
    if (best >= 0) {
      PairResult r = find(pairs.get(firstPrimary), best);
      reasons.add("'" + e.variants().get(best).id() + "' is better than the control on every primary metric; on '"
          + e.successMetrics().get(firstPrimary).name() + "' the always-valid interval is " + interval(r.sequential())
          + " (p = " + Numbers.fmt(r.sequential().pValue()) + ").");
      return verdict(StoppingAction.STOP_FOR_EFFICACY, e.variants().get(best).id(), reasons);
    }

    if (futile(e, pairs, control, exposures.length, reasons)) {
      return verdict(StoppingAction.STOP_FOR_FUTILITY, null, reasons);
    }
    reasons.clear();
    reasons.add("No variant is yet distinguishable from the control on the primary metrics at the always-valid level;"
        + " keep collecting data.");
    return verdict(StoppingAction.CONTINUE, null, reasons);
  }

  static int firstPrimary(ABTestExperiment e) {
    for (int m = 0; m < e.successMetrics().size(); m++) {
      if (e.successMetrics().get(m).significance() == Significance.PRIMARY) {
        return m;
      }
    }
    return 0;
  }

  private static boolean betterOnAllPrimaries(ABTestExperiment e, List<List<PairResult>> pairs, int t) {
    for (int m = 0; m < pairs.size(); m++) {
      SuccessMetric metric = e.successMetrics().get(m);
      if (metric.significance() != Significance.PRIMARY) {
        continue;
      }
      PairResult r = find(pairs.get(m), t);
      if (r == null || !favourable(metric.direction(), r.sequential())) {
        return false;
      }
    }
    return true;
  }

  private static boolean futile(ABTestExperiment e, List<List<PairResult>> pairs, int control, int variants,
      List<String> reasons) {
    List<String> found = new ArrayList<>();
    for (int t = 0; t < variants; t++) {
      if (t == control) {
        continue;
      }
      String why = null;
      for (int m = 0; m < pairs.size() && why == null; m++) {
        SuccessMetric metric = e.successMetrics().get(m);
        if (metric.significance() != Significance.PRIMARY) {
          continue;
        }
        if (metric.minimumDetectableEffect() == null) {
          return false;
        }
        PairResult r = find(pairs.get(m), t);
        if (r == null || !Double.isFinite(r.sequential().upper())) {
          continue;
        }
        double mde = metric.minimumDetectableEffect() * Math.abs(r.fixed().controlMean());
        MixtureSequentialTest.Look l = r.sequential();
        boolean cannotReach = metric.direction() == MetricDirection.INCREASE ? l.upper() < mde : l.lower() > -mde;
        if (cannotReach) {
          why = "'" + e.variants().get(t).id() + "' cannot reach the minimum detectable effect of "
              + Numbers.fmt(metric.minimumDetectableEffect() * 100) + "% on '" + metric.name() + "': the always-valid"
              + " interval " + interval(l) + " stays short of " + Numbers.signed(
                  metric.direction() == MetricDirection.INCREASE ? mde : -mde) + ".";
        }
      }
      if (why == null) {
        return false;
      }
      found.add(why);
    }
    reasons.addAll(found);
    return !found.isEmpty();
  }

  private static boolean favourable(MetricDirection direction, MixtureSequentialTest.Look l) {
    return direction == MetricDirection.INCREASE ? l.lower() > 0 : l.upper() < 0;
  }

  private static boolean unfavourable(MetricDirection direction, MixtureSequentialTest.Look l) {
    return direction == MetricDirection.INCREASE ? l.upper() < 0 : l.lower() > 0;
  }

  static PairResult find(List<PairResult> results, int variant) {
    for (PairResult r : results) {
      if (r.variant() == variant) {
        return r;
      }
    }
    return null;
  }

  private static String interval(MixtureSequentialTest.Look l) {
    return "[" + Numbers.signed(l.lower()) + ", " + Numbers.signed(l.upper()) + "]";
  }

  private static Verdict verdict(StoppingAction action, String variant, List<String> reasons) {
    return new Verdict(new Recommendation(action, variant, reasons));
  }
}
