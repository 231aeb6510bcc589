package dev.modelkit.core.monitoring.internal;

import dev.modelkit.monitoring.DriftFinding;
import dev.modelkit.monitoring.DriftMethod;
import dev.modelkit.monitoring.DriftOptions;
import dev.modelkit.monitoring.FeatureProfile;
import dev.modelkit.monitoring.FeatureType;
import dev.modelkit.monitoring.ReferenceProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Tests each feature of a window (or of a period's merged windows) against the reference
 * profile, chooses the method as {@link DriftMethod#AUTO} documents unless the options set one,
 * corrects the p-values for testing many features and computes the dataset-level drift share.
 *
 * <p>Numeric features are compared through their sketches: reference and window use the same
 * bucket mapping, so both become weighted samples over the same representative values and every
 * statistic compares like with like; the error this adds is bounded by the sketches' 1% relative
 * accuracy (a KS statistic can be understated by at most the mass of one 2%-wide bucket).
 */
public final class DriftEvaluator {
  /**
   * Bins expected to hold fewer values than this are pooled before the chi-square approximation
   * gives PSI and Jensen-Shannon their p-values (the statistics themselves use every bin).
   */
  static final double MIN_EXPECTED = 5;
  /** Significance level of the critical values quoted in PSI notes. */
  static final double PSI_ALPHA = 0.05;
  /** Reference size up to which Evidently chooses p-value tests over distances. */
  static final long SMALL_REFERENCE = 1000;

  private DriftEvaluator() {}

  /** The findings of one group (features or prediction) and the share drifted. */
  record Result(List<DriftFinding> features, List<DriftFinding> prediction, double driftShare, boolean datasetDrift) {}

  /**
   * @param schema the version's schema (with its reference profile)
   * @param current the current data
   * @param labels the model's label dictionary
   * @param options how to test
   * @return the findings
   */
  static Result evaluate(Schema schema, Window current, Dictionary labels, DriftOptions options) {
    ReferenceProfile ref = schema.profile;
    List<Pending> pending = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      FeatureProfile f = ref.features().get(i);
      int ci = current.schema == schema ? i : current.schema == null ? -1 : current.schema.indexOf(f.name());
      if (ci < 0) {
        pending.add(Pending.skipped("data", f.name(), f.count(), 0, "no live values of this feature were recorded"));
        continue;
      }
      if (f.type() == FeatureType.NUMERIC) {
        pending.add(numeric("data", f, schema, schema.referenceSamples[i], current.numeric[ci].toWeightedSample(),
            current.numeric[ci].count(), ref.rows(), options, options.methods().get(f.name())));
      } else {
        pending.add(categorical("data", f.name(), f.categories(), countsByName(current, ci),
            ref.rows(), options, options.methods().get(f.name())));
      }
    }
    List<DriftFinding> features = correct(pending, options);
    long tested = features.stream().filter(d -> !Double.isNaN(d.statistic())).count();
    long drifted = features.stream().filter(DriftFinding::drifted).count();
    double share = tested == 0 ? 0 : (double) drifted / features.size();
    boolean dataset = tested > 0 && share >= options.driftShare();

    List<Pending> predictionPending = new ArrayList<>();
    if (ref.prediction() != null && current.count > 0) {
      Map<String, Long> predicted = new TreeMap<>();
      for (int c = 0; c < current.predictedCounts.length; c++) {
        if (current.predictedCounts[c] > 0) {
          predicted.merge(labels.name(c), current.predictedCounts[c], Long::sum);
        }
      }
      predictionPending.add(categorical("prediction", "prediction", ref.prediction().categories(), predicted,
          ref.rows(), options, options.methods().get("prediction")));
    }
    if (ref.probability() != null && schema.probabilitySample != null && current.probability.count() > 0) {
      predictionPending.add(numeric("prediction", ref.probability(), schema, schema.probabilitySample,
          current.probability.toWeightedSample(), current.probability.count(), ref.rows(), options,
          options.methods().get("probability")));
    }
    List<DriftFinding> prediction = correct(predictionPending, options.withCorrection(dev.modelkit.monitoring.Correction.NONE));
    return new Result(features, prediction, share, dataset);
  }

  private static Map<String, Long> countsByName(Window w, int i) {
    Map<String, Long> out = new TreeMap<>();
    Dictionary d = w.schema.dictionaries[i];
    for (int k = 0; k < w.categories[i].length; k++) {
      if (w.categories[i][k] > 0) {
        out.merge(d.name(k), w.categories[i][k], Long::sum);
      }
    }
    return out;
  }

  /** A finding before the multiple-testing correction. */
  record Pending(String kind, String feature, DriftMethod method, double statistic, double pValue, double threshold,
      long referenceSize, long currentSize, String note) {
    static Pending skipped(String kind, String feature, long referenceSize, long currentSize, String note) {
      return new Pending(kind, feature, null, Double.NaN, Double.NaN, Double.NaN, referenceSize, currentSize, note);
    }
  }

  /**
   * The method for a numeric feature: the override, the options' numeric method, or Evidently's
   * choice by reference size and distinct values.
   */
  static DriftMethod numericMethod(FeatureProfile f, long referenceRows, DriftOptions options, DriftMethod override) {
    DriftMethod m = override != null && override != DriftMethod.AUTO ? override : options.numericMethod();
    if (m != DriftMethod.AUTO) {
      return m;
    }
    if (referenceRows <= SMALL_REFERENCE) {
      return f.distinct() > 5 ? DriftMethod.KS : f.distinct() > 2 ? DriftMethod.CHI_SQUARE : DriftMethod.Z;
    }
    return f.distinct() > 5 ? DriftMethod.WASSERSTEIN : DriftMethod.JENSEN_SHANNON;
  }

  static DriftMethod categoricalMethod(long distinct, long referenceRows, DriftOptions options, DriftMethod override) {
    DriftMethod m = override != null && override != DriftMethod.AUTO ? override : options.categoricalMethod();
    if (m != DriftMethod.AUTO) {
      return m;
    }
    if (referenceRows <= SMALL_REFERENCE) {
      return distinct > 2 ? DriftMethod.CHI_SQUARE : DriftMethod.Z;
    }
    return DriftMethod.JENSEN_SHANNON;
  }

  static Pending numeric(String kind, FeatureProfile f, Schema schema, WeightedSample ref, WeightedSample cur,
      long curCount,
      long referenceRows, DriftOptions options, DriftMethod override) {
    if (f.count() == 0) {
      return Pending.skipped(kind, f.name(), 0, curCount, "the reference has no values of this feature");
    }
    if (curCount < options.minSampleSize()) {
      return Pending.skipped(kind, f.name(), f.count(), curCount, "only " + curCount + " live values; at least "
          + options.minSampleSize() + " are needed for a test");
    }
    DriftMethod method = numericMethod(f, referenceRows, options, override);
    double threshold = options.threshold(method);
    switch (method) {
      case KS -> {
        double d = KolmogorovSmirnov.statistic(ref, cur);
        double p = KolmogorovSmirnov.pValue(d, f.count(), curCount);
        return new Pending(kind, f.name(), method, d, p, threshold, f.count(), curCount,
            "two-sample Kolmogorov-Smirnov on the sketches, " + KolmogorovSmirnov.method(f.count(), curCount)
                + " p-value as scipy.stats.ks_2samp");
      }
      case WASSERSTEIN -> {
        double norm = Math.max(f.std() == null ? 0 : f.std(), 0.001);
        double w = DistributionTests.wasserstein(ref, cur) / norm;
        WassersteinNull nul = schema.wassersteinNull(f.name(), ref, norm);
        double p = nul.pValue(w, curCount, f.count());
        return new Pending(kind, f.name(), method, w, p, threshold, f.count(), curCount,
            "Wasserstein distance divided by the reference standard deviation; flagged when at least " + threshold
                + " and significant (" + fmt(nul.criticalValue(options.alpha(), curCount, f.count()))
                + " is the 5% critical value for these sizes before correction)");
      }
      case JENSEN_SHANNON -> {
        double[][] h = f.distinct() > 20 ? Binning.sturges(ref, cur) : Binning.byValue(ref, cur);
        return jensenShannon(kind, f.name(), h, f.count(), curCount, threshold, options, f.distinct() > 20
            ? h[0].length + " equal-width (Sturges) bins" : "the " + h[0].length + " values");
      }
      case PSI -> {
        double[][] h = Binning.deciles(ref, cur);
        return psi(kind, f.name(), h, f.count(), curCount, threshold, "over " + h[0].length + " reference quantile bins");
      }
      case CHI_SQUARE, Z -> {
        double[][] h = Binning.byValue(ref, cur);
        return countTest(kind, f.name(), method, h[0], h[1], f.count(), curCount, threshold);
      }
      default -> throw new IllegalArgumentException("method " + method + " does not apply to numeric feature " + f.name());
    }
  }

  static Pending categorical(String kind, String name, Map<String, Long> reference, Map<String, Long> current,
      long referenceRows, DriftOptions options, DriftMethod override) {
    long refCount = reference.values().stream().mapToLong(Long::longValue).sum();
    long curCount = current.values().stream().mapToLong(Long::longValue).sum();
    if (refCount == 0) {
      return Pending.skipped(kind, name, 0, curCount, "the reference has no values of this feature");
    }
    if (curCount < options.minSampleSize()) {
      return Pending.skipped(kind, name, refCount, curCount, "only " + curCount + " live values; at least "
          + options.minSampleSize() + " are needed for a test");
    }
    TreeSet<String> keys = new TreeSet<>(reference.keySet());
    keys.addAll(current.keySet());
    double[] r = new double[keys.size()];
    double[] c = new double[keys.size()];
    int k = 0;
    for (String key : keys) {
      r[k] = reference.getOrDefault(key, 0L);
      c[k++] = current.getOrDefault(key, 0L);
    }
    DriftMethod method = categoricalMethod(keys.size(), referenceRows, options, override);
    double threshold = options.threshold(method);
    return switch (method) {
      case CHI_SQUARE, Z -> countTest(kind, name, method, r, c, refCount, curCount, threshold);
      case JENSEN_SHANNON -> jensenShannon(kind, name, new double[][] {r, c}, refCount, curCount, threshold, options,
          keys.size() + " categories");
      case PSI -> psi(kind, name, new double[][] {r, c}, refCount, curCount, threshold, "over " + keys.size() + " categories");
      default -> throw new IllegalArgumentException("method " + method + " does not apply to categorical feature " + name);
    };
  }

  private static Pending countTest(String kind, String name, DriftMethod method, double[] r, double[] c, long refCount,
      long curCount, double threshold) {
    if (method == DriftMethod.Z) {
      if (r.length > 2) {
        throw new IllegalArgumentException("the z test needs at most two values but feature " + name + " has "
            + r.length + "; use chi_square");
      }
      if (r.length < 2) {
        return new Pending(kind, name, method, 0, 1.0, threshold, refCount, curCount, "a single value on both sides");
      }
      double z = DistributionTests.proportionZ(r[0], refCount, c[0], curCount);
      return new Pending(kind, name, method, z, DistributionTests.twoSidedNormalP(z), threshold, refCount, curCount,
          "pooled two-proportion z-test");
    }
    double stat = DistributionTests.chiSquareStatistic(c, r);
    double p = r.length < 2 ? 1.0 : DistributionTests.chiSquareSurvival(stat, r.length - 1);
    return new Pending(kind, name, method, stat, p, threshold, refCount, curCount,
        "chi-square goodness of fit against the reference proportions, " + (r.length - 1) + " degrees of freedom");
  }

  private static Pending psi(String kind, String name, double[][] h, long refCount, long curCount, double threshold,
      String how) {
    double psi = DistributionTests.psi(h[0], h[1]);
    double[][] pooled = DistributionTests.poolSparse(h[0], h[1], MIN_EXPECTED);
    int bins = DistributionTests.occupiedBins(pooled[0], pooled[1]);
    double p = DistributionTests.psiPValue(DistributionTests.psi(pooled[0], pooled[1]), bins, refCount, curCount);
    double critical = DistributionTests.psiCriticalValue(PSI_ALPHA, bins, refCount, curCount);
    return new Pending(kind, name, DriftMethod.PSI, psi, p, threshold, refCount, curCount,
        "population stability index " + how + "; flagged when at least " + threshold + " and significant (p-value over "
            + bins + " bins after pooling those expecting fewer than 5 values; about " + fmt(critical)
            + " is the 5% critical value for these sizes before correction)");
  }

  private static Pending jensenShannon(String kind, String name, double[][] h, long refCount, long curCount,
      double threshold, DriftOptions options, String how) {
    double js = DistributionTests.jensenShannon(h[0], h[1]);
    double[][] pooled = DistributionTests.poolSparse(h[0], h[1], MIN_EXPECTED);
    int bins = DistributionTests.occupiedBins(pooled[0], pooled[1]);
    double p = DistributionTests.jensenShannonPValue(DistributionTests.jensenShannon(pooled[0], pooled[1]), bins,
        refCount, curCount);
    double critical = DistributionTests.jensenShannonCriticalValue(options.alpha(), bins, refCount, curCount);
    return new Pending(kind, name, DriftMethod.JENSEN_SHANNON, js, p, threshold, refCount, curCount,
        "Jensen-Shannon distance over " + how + "; flagged when at least " + threshold + " and significant (p-value over "
            + bins + " bins after pooling those expecting fewer than 5 values; about " + fmt(critical)
            + " is the 5% critical value for these sizes before correction)");
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }

  private static List<DriftFinding> correct(List<Pending> pending, DriftOptions options) {
    double[] raw = new double[pending.size()];
    for (int i = 0; i < raw.length; i++) {
      Pending p = pending.get(i);
      raw[i] = p.method() != null ? p.pValue() : Double.NaN;
    }
    double[] adjusted = MultipleTesting.adjust(raw, options.correction());
    List<DriftFinding> out = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      Pending p = pending.get(i);
      if (p.method() == null) {
        out.add(new DriftFinding(p.kind(), p.feature(), "none", Double.NaN, Double.NaN, Double.NaN, false, Double.NaN,
            p.referenceSize(), p.currentSize(), p.note()));
        continue;
      }
      boolean drifted = p.method().isDistance()
          ? p.statistic() >= p.threshold() && adjusted[i] < options.alpha()
          : adjusted[i] < p.threshold();
      out.add(new DriftFinding(p.kind(), p.feature(), p.method().wireName(), p.statistic(), p.pValue(), p.threshold(),
          drifted, adjusted[i], p.referenceSize(), p.currentSize(), p.note()));
    }
    return out;
  }

  /**
   * @param findings findings
   * @return feature name to finding
   */
  static Map<String, DriftFinding> byFeature(List<DriftFinding> findings) {
    Map<String, DriftFinding> m = new LinkedHashMap<>();
    for (DriftFinding f : findings) {
      m.put(f.feature(), f);
    }
    return m;
  }
}
