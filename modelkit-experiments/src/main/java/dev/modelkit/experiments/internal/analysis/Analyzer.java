package dev.modelkit.experiments.internal.analysis;

import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.AllocationEpoch;
import dev.modelkit.experiment.BayesianEstimate;
import dev.modelkit.experiment.CupedEstimate;
import dev.modelkit.experiment.EffectEstimate;
import dev.modelkit.experiment.ExperimentAnalysis;
import dev.modelkit.experiment.ExperimentConfiguration;
import dev.modelkit.experiment.MetricAnalysis;
import dev.modelkit.experiment.MetricDirection;
import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.SampleRatioCheck;
import dev.modelkit.experiment.SequentialEstimate;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiment.VariantComparison;
import dev.modelkit.experiment.VariantExposure;
import dev.modelkit.experiment.VariantSummary;
import dev.modelkit.experiments.internal.assign.Assigner;
import dev.modelkit.experiments.internal.assign.BucketLayout;
import dev.modelkit.experiments.internal.stats.BetaBinomialPosterior;
import dev.modelkit.experiments.internal.stats.Comparison;
import dev.modelkit.experiments.internal.stats.Cuped;
import dev.modelkit.experiments.internal.stats.FixedHorizonTests;
import dev.modelkit.experiments.internal.stats.MixtureSequentialTest;
import dev.modelkit.experiments.internal.stats.Moments;
import dev.modelkit.experiments.internal.stats.MultipleTesting;
import dev.modelkit.experiments.internal.stats.NormalPosterior;
import dev.modelkit.experiments.internal.stats.SampleRatio;
import dev.modelkit.experiments.internal.store.ExperimentState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an experiment's recorded statistics into an {@link ExperimentAnalysis}: exposure and the
 * sample-ratio check, then for every metric and treatment the fixed-horizon, sequential,
 * Bayesian and CUPED comparisons with the control, the multiplicity correction, the
 * early-stopping recommendation and the time-to-decision projection.
 *
 * <p>Binary and count metrics count every exposed unit (a unit without an event is 0);
 * continuous and ratio metrics count the units with an event. Sequential tests run at level
 * alpha / (variants - 1) so that the experiment-wide error stays below alpha.
 */
public final class Analyzer {

  private Analyzer() {}

  /**
   * @param e the experiment
   * @param s its statistics, with at least one exposed unit
   * @param now the analysis time
   * @return the analysis
   */
  public static ExperimentAnalysis analyse(ABTestExperiment e, ExperimentState.Snapshot s, Instant now) {
    ExperimentConfiguration cfg = e.experimentConfig();
    int control = Assigner.controlIndex(e);
    int k = e.variants().size();
    long[] exposures = s.exposures();
    double alpha = cfg.alpha();
    double sequentialAlpha = alpha / Math.max(1, k - 1);
    List<String> notes = new ArrayList<>();

    SampleRatioCheck srm = sampleRatio(e, s, cfg.srmThreshold());
    List<VariantExposure> exposureRows = new ArrayList<>();
    double[] expected = expectedShares(e, s);
    for (int v = 0; v < k; v++) {
      exposureRows.add(new VariantExposure(e.variants().get(v).id(), v == control, exposures[v], expected[v],
          s.crossovers()[v]));
      if (s.crossovers()[v] > 0) {
        notes.add(s.crossovers()[v] + " unit(s) first exposed to '" + e.variants().get(v).id()
            + "' were later hashed to another variant after a reallocation; they stay counted in '"
            + e.variants().get(v).id() + "'.");
      }
    }
    if (srm.mismatch()) {
      notes.add("Sample ratio mismatch: chi-square p = " + Numbers.fmt(srm.pValue()) + " < " + Numbers.fmt(srm.threshold())
          + ". Assignment or exposure logging is broken (bots, redirects, a variant that fails to log); no result can be"
          + " trusted until the cause is fixed.");
    }

    int metricCount = e.successMetrics().size();
    List<List<PairResult>> pairs = new ArrayList<>();
    List<List<VariantSummary>> summaries = new ArrayList<>();
    List<List<String>> metricNotes = new ArrayList<>();
    for (int m = 0; m < metricCount; m++) {
      SuccessMetric metric = e.successMetrics().get(m);
      MetricKind kind = metric.metricKind();
      Moments[] units = new Moments[k];
      for (int v = 0; v < k; v++) {
        Moments raw = s.moments()[m][v];
        units[v] = countsSilentUnits(kind) ? raw.withZeros(exposures[v] - raw.n()) : raw.copy();
      }
      List<String> mNotes = new ArrayList<>();
      List<VariantSummary> rows = new ArrayList<>();
      for (int v = 0; v < k; v++) {
        rows.add(summary(e.variants().get(v).id(), kind, units[v], s.moments()[m][v].n()));
      }
      List<PairResult> results = new ArrayList<>();
      for (int t = 0; t < k; t++) {
        if (t == control) {
          continue;
        }
        PairResult r = compare(m, t, kind, units[control], units[t], cfg, alpha, sequentialAlpha,
            e.variants().get(t).id(), mNotes);
        if (r != null) {
          results.add(r);
        }
      }
      pairs.add(results);
      summaries.add(rows);
      metricNotes.add(mNotes);
    }

    double[][] adjusted = correct(e, pairs, cfg);
    List<MetricAnalysis> metrics = new ArrayList<>();
    for (int m = 0; m < metricCount; m++) {
      SuccessMetric metric = e.successMetrics().get(m);
      List<VariantComparison> comparisons = new ArrayList<>();
      List<PairResult> results = pairs.get(m);
      for (int i = 0; i < results.size(); i++) {
        comparisons.add(toComparison(e, metric, results.get(i), adjusted[m][i], alpha, metricNotes.get(m)));
      }
      metrics.add(new MetricAnalysis(metric.name(), metric.metricKind(), metric.significance(), metric.direction(),
          summaries.get(m), comparisons, metricNotes.get(m)));
    }

    StoppingRules.Verdict verdict = StoppingRules.recommend(e, now, exposures, pairs, srm);
    return new ExperimentAnalysis(e.id(), now, e.status(), s.totalUnits(), exposureRows, srm, metrics,
        verdict.recommendation(), DecisionProjector.project(e, now, s.totalUnits(), pairs, sequentialAlpha), notes);
  }

  static boolean countsSilentUnits(MetricKind kind) {
    return kind == MetricKind.BINARY || kind == MetricKind.COUNT;
  }

  /**
   * @param kind metric kind
   * @param m statistics of the counted units
   * @return the variance of the variant's value (rate, mean or ratio)
   */
  static double varianceOfValue(MetricKind kind, Moments m) {
    if (kind == MetricKind.RATIO) {
      return FixedHorizonTests.ratioVariance(m);
    }
    if (kind == MetricKind.BINARY) {
      double p = m.meanY();
      return p * (1 - p) / m.n();
    }
    return m.varianceY() / m.n();
  }

  /**
   * @param kind metric kind
   * @param m statistics of the counted units
   * @return the variant's value
   */
  static double valueOf(MetricKind kind, Moments m) {
    return kind == MetricKind.RATIO ? FixedHorizonTests.ratioOf(m) : m.meanY();
  }

  private static VariantSummary summary(String variantId, MetricKind kind, Moments units, long observations) {
    double total = kind == MetricKind.RATIO ? units.meanYx() * units.nX() : units.sumY();
    Double mean = null;
    Double se = null;
    if (units.n() > 0 && (kind != MetricKind.RATIO || units.meanX() > 0)) {
      mean = Numbers.finiteOrNull(valueOf(kind, units));
      if (units.n() >= 2) {
        se = Numbers.finiteOrNull(Math.sqrt(varianceOfValue(kind, units)));
      }
    }
    return new VariantSummary(variantId, units.n(), observations, total, mean, se);
  }

  private static PairResult compare(int m, int t, MetricKind kind, Moments c, Moments tr, ExperimentConfiguration cfg,
      double alpha, double sequentialAlpha, String variantId, List<String> notes) {
    if (c.n() < 2 || tr.n() < 2) {
      notes.add("'" + variantId + "' versus control: fewer than 2 units with data in a variant ("
          + c.n() + " and " + tr.n() + "); no comparison yet.");
      return null;
    }
    if (kind == MetricKind.RATIO && !(c.meanX() > 0 && tr.meanX() > 0)) {
      notes.add("'" + variantId + "' versus control: a variant's denominators sum to 0; the ratio is undefined.");
      return null;
    }
    Comparison fixed = switch (kind) {
      case BINARY -> FixedHorizonTests.twoProportion(Math.round(c.sumY()), c.n(), Math.round(tr.sumY()), tr.n(), alpha);
      case CONTINUOUS, COUNT -> FixedHorizonTests.welch(c, tr, alpha);
      case RATIO -> FixedHorizonTests.ratio(c, tr, alpha);
    };
    double vc = varianceOfValue(kind, c);
    double vt = varianceOfValue(kind, tr);
    double variance = vc + vt;
    if (!(variance > 0) || !Numbers.allFinite(fixed.statistic(), fixed.lower(), fixed.upper(), fixed.pValue())) {
      notes.add("'" + variantId + "' versus control: the data have no variance yet (every unit has the same value);"
          + " no test is possible.");
      return null;
    }
    double tau2 = MixtureSequentialTest.tauSquared(variance, (c.n() + tr.n()) / 2.0, cfg.sequentialTuningUnits(),
        sequentialAlpha);
    MixtureSequentialTest.Look look = MixtureSequentialTest.look(fixed.effect(), variance, tau2, sequentialAlpha);
    BetaBinomialPosterior.Result bayes;
    String model;
    if (kind == MetricKind.BINARY) {
      double xc = Math.round(c.sumY());
      double xt = Math.round(tr.sumY());
      bayes = BetaBinomialPosterior.compare(
          new BetaBinomialPosterior.Params(cfg.priorSuccesses() + xc, cfg.priorFailures() + c.n() - xc),
          new BetaBinomialPosterior.Params(cfg.priorSuccesses() + xt, cfg.priorFailures() + tr.n() - xt), alpha);
      model = "beta-binomial";
    } else {
      bayes = NormalPosterior.compare(fixed.effect(), variance, alpha);
      model = "normal";
    }
    Cuped.Result cuped = null;
    if (kind != MetricKind.RATIO && c.nX() + tr.nX() > 0) {
      if (c.allHaveX() && tr.allHaveX()) {
        cuped = Cuped.compare(c, tr, alpha);
      } else if (notes.stream().noneMatch(n -> n.startsWith("CUPED"))) {
        notes.add("CUPED unavailable: " + (c.n() - c.nX() + tr.n() - tr.nX()) + " counted unit(s) have no covariate."
            + " Record the covariate with every unit's event" + (countsSilentUnits(kind)
                ? ", including units that did not convert (record them with value 0)." : "."));
      }
    }
    return new PairResult(m, t, fixed, look, model, bayes, cuped, c.n(), tr.n(), vc, vt);
  }

  private static double[][] correct(ABTestExperiment e, List<List<PairResult>> pairs, ExperimentConfiguration cfg) {
    List<double[]> family = new ArrayList<>();
    List<Double> ps = new ArrayList<>();
    double[][] adjusted = new double[pairs.size()][];
    for (int m = 0; m < pairs.size(); m++) {
      adjusted[m] = new double[pairs.get(m).size()];
      boolean inFamily = e.successMetrics().get(m).significance() != Significance.GUARDRAIL;
      for (int i = 0; i < pairs.get(m).size(); i++) {
        double p = pairs.get(m).get(i).fixed().pValue();
        adjusted[m][i] = p;
        if (inFamily) {
          family.add(new double[] {m, i});
          ps.add(p);
        }
      }
    }
    double[] raw = ps.stream().mapToDouble(Double::doubleValue).toArray();
    double[] adj = MultipleTesting.adjust(cfg.correction(), raw);
    for (int j = 0; j < adj.length; j++) {
      adjusted[(int) family.get(j)[0]][(int) family.get(j)[1]] = adj[j];
    }
    return adjusted;
  }

  private static VariantComparison toComparison(ABTestExperiment e, SuccessMetric metric, PairResult r,
      double adjustedP, double alpha, List<String> notes) {
    Comparison f = r.fixed();
    EffectEstimate fixed = new EffectEstimate(f.test(), f.controlMean(), f.treatmentMean(), f.effect(), f.lower(),
        f.upper(), Numbers.finiteOrNull(f.relative()), Numbers.finiteOrNull(f.relativeLower()),
        Numbers.finiteOrNull(f.relativeUpper()), f.statistic(), Numbers.finiteOrNull(f.degreesOfFreedom()), f.pValue(),
        adjustedP, adjustedP < alpha);
    MixtureSequentialTest.Look l = r.sequential();
    SequentialEstimate sequential = Numbers.allFinite(l.lower(), l.upper())
        ? new SequentialEstimate(l.estimate(), l.lower(), l.upper(), l.pValue(), l.excludesZero(), l.tauSquared())
        : null;
    BetaBinomialPosterior.Result b = r.bayes();
    boolean decrease = metric.direction() == MetricDirection.DECREASE;
    BayesianEstimate bayes = new BayesianEstimate(r.bayesModel(),
        decrease ? 1 - b.probabilityTreatmentHigher() : b.probabilityTreatmentHigher(),
        decrease ? b.lossIfControlChosen() : b.lossIfTreatmentChosen(),
        decrease ? b.lossIfTreatmentChosen() : b.lossIfControlChosen(), b.lower(), b.upper());
    Cuped.Result c = r.cuped();
    CupedEstimate cuped = c == null || !Numbers.allFinite(c.effect(), c.lower(), c.upper(), c.pValue(), c.theta())
        ? null : new CupedEstimate(c.theta(), c.effect(), c.lower(), c.upper(), c.pValue(), c.varianceReduction());
    return new VariantComparison(e.variants().get(r.variant()).id(), fixed, sequential, bayes, cuped);
  }

  /**
   * Expected share of exposed units per variant: each epoch's active shares, weighted by the
   * units exposed during it.
   */
  private static double[] expectedShares(ABTestExperiment e, ExperimentState.Snapshot s) {
    int k = e.variants().size();
    double[] expected = new double[k];
    long total = 0;
    for (int epoch = 0; epoch < s.exposuresByEpoch().length; epoch++) {
      long[] counts = s.exposuresByEpoch()[epoch];
      long epochTotal = 0;
      for (long c : counts) {
        epochTotal += c;
      }
      double[] shares = activeShares(e, Math.min(epoch, e.allocationHistory().size() - 1));
      for (int v = 0; v < k; v++) {
        expected[v] += epochTotal * shares[v];
      }
      total += epochTotal;
    }
    if (total > 0) {
      for (int v = 0; v < k; v++) {
        expected[v] /= total;
      }
    }
    return expected;
  }

  private static double[] activeShares(ABTestExperiment e, int epoch) {
    AllocationEpoch a = e.allocationHistory().get(epoch);
    double[] pct = a.allocations().stream().mapToDouble(Double::doubleValue).toArray();
    int[] buckets = BucketLayout.bucketCounts(pct);
    double[] shares = new double[buckets.length];
    double sum = 0;
    for (int v = 0; v < buckets.length; v++) {
      ModelVariant variant = e.variants().get(v);
      shares[v] = variant.active() ? buckets[v] : 0;
      sum += shares[v];
    }
    for (int v = 0; v < shares.length; v++) {
      shares[v] = sum > 0 ? shares[v] / sum : 0;
    }
    return shares;
  }

  private static SampleRatioCheck sampleRatio(ABTestExperiment e, ExperimentState.Snapshot s, double threshold) {
    long[] observed = s.exposures();
    double[] shares = expectedShares(e, s);
    long total = s.totalUnits();
    double[] expectedCounts = new double[observed.length];
    for (int v = 0; v < observed.length; v++) {
      expectedCounts[v] = shares[v] * total;
    }
    SampleRatio.Result r = SampleRatio.test(observed, expectedCounts);
    List<String> ids = e.variants().stream().map(ModelVariant::id).toList();
    List<Long> obs = new ArrayList<>();
    List<Double> exp = new ArrayList<>();
    for (int v = 0; v < observed.length; v++) {
      obs.add(observed[v]);
      exp.add(expectedCounts[v]);
    }
    double chi = Double.isFinite(r.chiSquare()) ? r.chiSquare() : Double.MAX_VALUE;
    return new SampleRatioCheck(ids, obs, exp, chi, r.degreesOfFreedom(), r.pValue(), threshold, r.pValue() < threshold);
  }
}
