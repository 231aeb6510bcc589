package dev.modelkit.core.evaluation.internal;

import dev.modelkit.ConfigurationException;
import dev.modelkit.config.Violation;
import dev.modelkit.evaluation.ConfidenceInterval;
import dev.modelkit.evaluation.EvaluationDetails;
import dev.modelkit.evaluation.EvaluationDetails.Accuracy;
import dev.modelkit.evaluation.EvaluationDetails.BacktestSlice;
import dev.modelkit.evaluation.EvaluationDetails.Benchmark;
import dev.modelkit.evaluation.EvaluationDetails.DataFacts;
import dev.modelkit.evaluation.EvaluationDetails.Efficiency;
import dev.modelkit.evaluation.EvaluationDetails.Explanation;
import dev.modelkit.evaluation.EvaluationDetails.FairnessAttribute;
import dev.modelkit.evaluation.EvaluationDetails.FeatureImportance;
import dev.modelkit.evaluation.EvaluationDetails.Robustness;
import dev.modelkit.evaluation.EvaluationDetails.TrainingSummary;
import dev.modelkit.evaluation.EvaluationSuite;
import dev.modelkit.evaluation.EvaluationType;
import dev.modelkit.spi.Predictor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Runs the parts of an {@link EvaluationSuite} on rows already read and a loaded predictor, and
 * returns the flat metrics with the details. It neither reads files nor stores anything, so that
 * every figure can be checked against a hand computation on a handful of rows.
 *
 * <p>Each part draws from its own random stream derived from the suite's seed, so enabling or
 * disabling one part does not change the others' results.
 */
public final class EvaluationRunner {
  /** Metrics whose robustness drop is reported, each with whether higher is better. */
  static final Map<String, Boolean> ROBUSTNESS_METRICS = orderedMap("accuracy", true, "f1_score", true, "roc_auc",
      true, "pr_auc", true, "log_loss", false, "brier_score", false, "calibration_error", false);
  /** Metrics compared in a benchmark. */
  static final List<String> BENCHMARK_METRICS = List.of("accuracy", "precision", "recall", "f1_score", "roc_auc",
      "pr_auc", "log_loss", "brier_score", "calibration_error");
  private static final int BOOTSTRAP = 500;
  private static final int MAX_IMPORTANCE_ROWS = 2000;

  /**
   * What to evaluate.
   *
   * @param suite the suite
   * @param rows the test rows, as read
   * @param columns the fields read, inputs first
   * @param labelField the output field holding the actual class
   * @param champion the evaluated version's predictor
   * @param challenger loads the challenger's predictor; null when the suite names none
   * @param modelSizeBytes the evaluated version's artifacts' size
   * @param versionMetrics the evaluated version's stored metrics
   * @param fingerprints source id to file SHA-256
   * @param skippedRows rows the reader skipped
   * @param filteredRows rows the filters removed
   * @param trainingFingerprints source id to file SHA-256 of the data the version was trained on
   */
  public record Input(EvaluationSuite suite, List<Map<String, Object>> rows, List<String> columns, String labelField,
      Predictor champion, Function<String, Predictor> challenger, long modelSizeBytes,
      Map<String, Double> versionMetrics, Map<String, String> fingerprints, int skippedRows, int filteredRows,
      Map<String, String> trainingFingerprints) {}

  /**
   * @param metrics the flat metrics
   * @param details the details
   */
  public record Result(Map<String, Double> metrics, EvaluationDetails details) {}

  private EvaluationRunner() {}

  /**
   * @param in what to evaluate
   * @return metrics and details
   * @throws ConfigurationException naming the suite's field when it does not fit the model or data
   * @throws dev.modelkit.TrainingException when no row could be scored
   */
  public static Result run(Input in) {
    EvaluationSuite suite = in.suite();
    List<String> notes = new ArrayList<>();
    if (in.champion().labels() == null || in.champion().labels().size() < 2) {
      throw new ConfigurationException("EvaluationSuite", List.of(new Violation("evaluations",
          String.valueOf(suite.evaluations()), "a classifier to evaluate; the version predicts the classes "
              + in.champion().labels() + " (regression models are not supported by the suite)")));
    }
    in.fingerprints().forEach((id, sha) -> {
      if (in.trainingFingerprints() != null && in.trainingFingerprints().containsValue(sha)) {
        notes.add("Test source '" + id + "' is byte for byte a file the version was trained on (SHA-256 " + sha
            + "): these figures measure fit, not generalisation.");
      }
    });
    List<String> inputs = inputFields(in);
    String positive = positiveClass(in, notes);
    validate(in, inputs);
    RowScorer scorer = new RowScorer(in.champion(), in.labelField(), positive);
    RowScorer.Scored scored = scorer.score(in.rows());
    if (scored.scores().size() == 0) {
      throw new dev.modelkit.TrainingException("Version could not score any of the " + in.rows().size()
          + " test rows; first problems: " + scored.examples());
    }
    List<Map<String, Object>> keptRows = new ArrayList<>();
    for (int i : scored.kept()) {
      keptRows.add(in.rows().get(i));
    }
    Scores s = scored.scores();
    Map<String, Double> base = ClassificationMetrics.flat(s);
    if (!s.bothClassesPresent()) {
      notes.add("The scored rows hold only one class, so ROC AUC, PR AUC and permutation importance by AUC are "
          + "undefined and left out.");
    }
    Map<String, Double> metrics = new TreeMap<>();
    Parts types = new Parts(suite.evaluations());
    Accuracy accuracy = null;
    if (types.has(EvaluationType.ACCURACY)) {
      metrics.putAll(base);
      accuracy = withInterval(ClassificationMetrics.details(s, in.champion().labels()), s,
          suite.minIntervalRows());
    }
    List<FairnessAttribute> fairness = types.has(EvaluationType.FAIRNESS)
        ? fairness(suite, keptRows, s, metrics, notes) : List.of();
    List<Robustness> robustness = types.has(EvaluationType.ROBUSTNESS)
        ? robustness(suite, keptRows, inputs, scorer, base, metrics, notes) : List.of();
    Efficiency efficiency = null;
    if (types.has(EvaluationType.EFFICIENCY)) {
      efficiency = EfficiencyProbe.measure(scorer, keptRows, in.modelSizeBytes());
      metrics.put("efficiency.latency_p50_ms", efficiency.latencyP50Ms());
      metrics.put("efficiency.latency_p99_ms", efficiency.latencyP99Ms());
      metrics.put("efficiency.throughput_rows_per_second", efficiency.throughputRowsPerSecond());
      metrics.put("efficiency.model_size_bytes", (double) efficiency.modelSizeBytes());
      if (efficiency.allocatedBytesPerRow() != null) {
        metrics.put("efficiency.allocated_bytes_per_row", efficiency.allocatedBytesPerRow());
      }
    }
    List<FeatureImportance> importances = List.of();
    List<Explanation> explanations = List.of();
    if (types.has(EvaluationType.INTERPRETABILITY)) {
      importances = importance(suite, keptRows, inputs, scorer, s, notes);
      explanations = explanations(in, keptRows, scored.kept(), inputs, scorer, s);
    }
    Benchmark benchmark = null;
    if (types.has(EvaluationType.BENCHMARK)) {
      if (suite.challengerVersion() == null) {
        notes.add("Benchmark skipped: the suite names no challengerVersion.");
      } else {
        benchmark = benchmark(in, keptRows, s, positive, metrics, notes);
      }
    }
    List<BacktestSlice> backtest = List.of();
    if (types.has(EvaluationType.BACKTEST)) {
      if (suite.timeField() == null) {
        notes.add("Backtest skipped: the suite names no timeField.");
      } else {
        Object[] times = keptRows.stream().map(r -> r.get(suite.timeField())).toArray();
        backtest = Backtest.slices(times, s);
      }
    }
    TrainingSummary training = training(in.versionMetrics());
    DataFacts data = new DataFacts(in.rows().size(), s.size(), in.skippedRows(), in.filteredRows(),
        in.fingerprints(), scored.examples());
    if (scored.failures() > 0) {
      notes.add(scored.failures() + " of " + in.rows().size() + " rows were not scored and are left out of every "
          + "figure: " + scored.examples());
    }
    EvaluationDetails details = new EvaluationDetails(Summary.of(suite, positive, data, base, fairness, robustness,
        importances, benchmark), positive, in.labelField(), data, accuracy, fairness, robustness, efficiency,
        importances, explanations, benchmark, backtest, training, notes);
    if (!types.has(EvaluationType.ACCURACY)) {
      metrics.put("rows", (double) s.size());
    }
    return new Result(metrics, details);
  }

  private static Accuracy withInterval(Accuracy a, Scores s, int minRows) {
    long correct = 0;
    for (int i = 0; i < s.size(); i++) {
      correct += s.actual()[i].equals(s.predicted()[i]) ? 1 : 0;
    }
    return new Accuracy(a.classes(), a.confusionMatrix(), a.perClass(), a.roc(), a.pr(), a.calibration(),
        a.threshold(), Wilson.interval(correct, s.size(), minRows, "rows"));
  }

  private static List<String> inputFields(Input in) {
    List<String> modelInputs = in.champion().inputFields();
    if (modelInputs != null && !modelInputs.isEmpty()) {
      return modelInputs.stream().filter(in.columns()::contains).toList();
    }
    return in.columns().stream().filter(c -> !c.equals(in.labelField())).toList();
  }

  private static String positiveClass(Input in, List<String> notes) {
    List<String> labels = in.champion().labels();
    String asked = in.suite().positiveClass();
    if (asked != null) {
      if (!labels.contains(asked)) {
        throw new ConfigurationException("EvaluationSuite", List.of(new Violation("positiveClass", asked,
            "one of the classes the model predicts: " + labels)));
      }
      return asked;
    }
    Map<String, Long> counts = in.rows().stream().map(r -> r.get(in.labelField())).filter(Objects::nonNull)
        .map(Object::toString).filter(labels::contains)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    String chosen = labels.stream().filter(counts::containsKey)
        .min(Comparator.comparingLong((String l) -> counts.get(l)).thenComparing(l -> -labels.indexOf(l)))
        .orElse(labels.get(labels.size() - 1));
    notes.add("No positiveClass was given; the least frequent class in the test data, '" + chosen
        + "', is used as the positive class.");
    return chosen;
  }

  private static void validate(Input in, List<String> inputs) {
    List<Violation> v = new ArrayList<>();
    if (!in.columns().contains(in.labelField())) {
      v.add(new Violation("testData", in.labelField(), "data holding the label field '" + in.labelField() + "'"));
    }
    for (String a : in.suite().protectedAttributes()) {
      if (!in.columns().contains(a)) {
        v.add(new Violation("protectedAttributes", a, "a field of the test data: " + in.columns()));
      }
    }
    if (in.suite().evaluations().contains(EvaluationType.BACKTEST) && in.suite().timeField() != null
        && !in.columns().contains(in.suite().timeField())) {
      v.add(new Violation("timeField", in.suite().timeField(), "a field of the test data: " + in.columns()));
    }
    List<String> modelInputs = in.champion().inputFields() == null ? List.of() : in.champion().inputFields();
    List<String> absent = modelInputs.stream().filter(f -> !in.columns().contains(f)).toList();
    if (inputs.isEmpty() || !absent.isEmpty()) {
      v.add(new Violation("testData", String.valueOf(in.columns()), "data holding every input field of the model; "
          + "missing: " + (absent.isEmpty() ? modelInputs : absent)));
    }
    if (!v.isEmpty()) {
      throw new ConfigurationException("EvaluationSuite", v);
    }
  }

  private static List<FairnessAttribute> fairness(EvaluationSuite suite, List<Map<String, Object>> rows, Scores s,
      Map<String, Double> metrics, List<String> notes) {
    if (suite.protectedAttributes().isEmpty()) {
      notes.add("Fairness skipped: the suite names no protectedAttributes.");
      return List.of();
    }
    List<FairnessAttribute> out = new ArrayList<>();
    double maxDpd = 0;
    Double maxEod = null;
    Double minDir = null;
    for (String a : suite.protectedAttributes()) {
      Groups g = Groups.of(a, rows.stream().map(r -> r.get(a)).toList());
      // one stream per attribute, so adding an attribute does not move another's intervals
      FairnessAttribute f = FairnessMetrics.compute(a, g, s, new DisparityBootstrap.Settings(
          suite.intervalResamples(), suite.minIntervalRows(), new SplittableRandom(stream(suite, 7).nextLong()
              ^ a.hashCode())));
      out.add(f);
      metrics.put("fairness." + a + ".demographic_parity_difference", f.demographicParityDifference());
      putInterval(metrics, "fairness." + a + ".demographic_parity_difference", f.demographicParityInterval());
      putInterval(metrics, "fairness." + a + ".equalized_odds_difference", f.equalizedOddsInterval());
      putInterval(metrics, "fairness." + a + ".disparate_impact_ratio", f.disparateImpactInterval());
      maxDpd = Math.max(maxDpd, f.demographicParityDifference());
      if (f.equalizedOddsDifference() != null) {
        metrics.put("fairness." + a + ".equalized_odds_difference", f.equalizedOddsDifference());
        maxEod = maxEod == null ? f.equalizedOddsDifference() : Math.max(maxEod, f.equalizedOddsDifference());
      }
      if (f.disparateImpactRatio() != null) {
        metrics.put("fairness." + a + ".disparate_impact_ratio", f.disparateImpactRatio());
        minDir = minDir == null ? f.disparateImpactRatio() : Math.min(minDir, f.disparateImpactRatio());
      }
      if (f.groups().size() < 2) {
        notes.add("Fairness over " + a + ": the test data holds only one group, so every difference is 0.");
      }
    }
    metrics.put("fairness.max_demographic_parity_difference", maxDpd);
    if (maxEod != null) {
      metrics.put("fairness.max_equalized_odds_difference", maxEod);
    }
    if (minDir != null) {
      metrics.put("fairness.min_disparate_impact_ratio", minDir);
    }
    return out;
  }

  /** Adds {@code <key>_ci_low} and {@code <key>_ci_high} when the interval is given, so quality gates can read them. */
  private static void putInterval(Map<String, Double> metrics, String key, ConfidenceInterval ci) {
    if (ci != null && ci.available()) {
      metrics.put(key + "_ci_low", ci.low());
      metrics.put(key + "_ci_high", ci.high());
    }
  }

  private static List<Robustness> robustness(EvaluationSuite suite, List<Map<String, Object>> rows,
      List<String> inputs, RowScorer scorer, Map<String, Double> base, Map<String, Double> metrics,
      List<String> notes) {
    List<String> numeric = inputs.stream().filter(f -> rows.stream().map(r -> r.get(f)).anyMatch(v -> v instanceof Number))
        .toList();
    List<String> text = inputs.stream().filter(f -> rows.stream().map(r -> r.get(f)).anyMatch(v -> v instanceof String))
        .toList();
    List<Robustness> out = new ArrayList<>();
    if (numeric.isEmpty()) {
      notes.add("Robustness to numeric noise skipped: the model reads no numeric field.");
    } else {
      Perturbations.Perturbed p = Perturbations.gaussianNoise(rows, numeric, stream(suite, 1));
      out.add(perturbed("gaussian_noise", "Gaussian noise with standard deviation " + Perturbations.NOISE_SCALE
          + " x each numeric field's own, added to " + p.cells() + " cells of " + numeric, p, scorer, base));
    }
    Perturbations.Perturbed m = Perturbations.missingValues(rows, inputs, stream(suite, 2));
    out.add(perturbed("missing_values", m.cells() + " input cells (each with probability "
        + Perturbations.MISSING_RATE + ") set to missing", m, scorer, base));
    if (text.isEmpty()) {
      notes.add("Robustness to text typos skipped: the model reads no text field.");
    } else {
      Perturbations.Perturbed t = Perturbations.textTypos(rows, text, stream(suite, 3));
      out.add(perturbed("text_typos", "one typo (swap, deletion or substitution) in " + t.cells()
          + " text cells (each with probability " + Perturbations.TYPO_RATE + ") of " + text, t, scorer, base));
    }
    for (Robustness r : out) {
      r.drops().forEach((k, v) -> metrics.put("robustness." + r.perturbation() + "." + k + "_drop", v));
    }
    return out;
  }

  private static Robustness perturbed(String name, String description, Perturbations.Perturbed p, RowScorer scorer,
      Map<String, Double> base) {
    RowScorer.Scored got = scorer.score(p.rows());
    String failures = got.failures() == 0 ? "" : "; " + got.failures() + " perturbed rows could not be scored and "
        + "are left out (" + got.examples() + ")";
    if (got.scores().size() == 0) {
      return new Robustness(name, description + failures, Map.of(), Map.of());
    }
    Map<String, Double> after = ClassificationMetrics.flat(got.scores());
    Map<String, Double> drops = new TreeMap<>();
    ROBUSTNESS_METRICS.forEach((k, higherBetter) -> {
      if (base.containsKey(k) && after.containsKey(k)) {
        drops.put(k, higherBetter ? base.get(k) - after.get(k) : after.get(k) - base.get(k));
      }
    });
    Map<String, Double> kept = new TreeMap<>(after);
    kept.keySet().retainAll(ROBUSTNESS_METRICS.keySet());
    return new Robustness(name, description + failures, kept, drops);
  }

  private static List<FeatureImportance> importance(EvaluationSuite suite, List<Map<String, Object>> rows,
      List<String> inputs, RowScorer scorer, Scores s, List<String> notes) {
    List<Map<String, Object>> sample = rows;
    if (rows.size() > MAX_IMPORTANCE_ROWS) {
      sample = sample(rows, MAX_IMPORTANCE_ROWS, stream(suite, 4));
      notes.add("Permutation importance used a seeded sample of " + MAX_IMPORTANCE_ROWS + " of the " + rows.size()
          + " rows.");
    }
    boolean auc = s.bothClassesPresent();
    ToDoubleFunction<Scores> metric = auc ? sc -> sc.bothClassesPresent() ? ClassificationMetrics.rocAuc(sc) : 0.5
        : sc -> ClassificationMetrics.flat(sc).get("accuracy");
    return PermutationImportance.compute(sample, inputs, scorer, auc ? "roc_auc" : "accuracy", metric,
        stream(suite, 5));
  }

  private static List<Explanation> explanations(Input in, List<Map<String, Object>> rows, int[] kept,
      List<String> inputs, RowScorer scorer, Scores s) {
    Map<String, Object> baseline = Occlusion.baseline(rows, inputs);
    int hi = 0;
    int lo = 0;
    int mid = 0;
    double[] p = s.positiveProbability();
    for (int i = 1; i < p.length; i++) {
      hi = p[i] > p[hi] ? i : hi;
      lo = p[i] < p[lo] ? i : lo;
      mid = Math.abs(p[i] - 0.5) < Math.abs(p[mid] - 0.5) ? i : mid;
    }
    String pos = s.positiveClass();
    Map<Integer, String> chosen = new LinkedHashMap<>();
    chosen.put(hi, "the highest probability of '" + pos + "'");
    chosen.putIfAbsent(lo, "the lowest probability of '" + pos + "'");
    chosen.putIfAbsent(mid, "the probability of '" + pos + "' closest to 0.5");
    List<Explanation> out = new ArrayList<>();
    chosen.forEach((k, why) -> out.add(Occlusion.explain(kept[k], why, rows.get(k), inputs, baseline, scorer, pos)));
    return out;
  }

  private static Benchmark benchmark(Input in, List<Map<String, Object>> rows, Scores champion, String positive,
      Map<String, Double> metrics, List<String> notes) {
    String version = in.suite().challengerVersion();
    try (Predictor p = in.challenger().apply(version)) {
      if (!p.labels().contains(positive)) {
        throw new ConfigurationException("EvaluationSuite", List.of(new Violation("challengerVersion", version,
            "a version predicting the positive class '" + positive + "'; it predicts " + p.labels())));
      }
      RowScorer.Scored other = new RowScorer(p, in.labelField(), positive).score(rows);
      Scores a = champion.subset(other.kept());
      Scores b = other.scores();
      if (other.failures() > 0) {
        notes.add("The challenger could not score " + other.failures() + " rows; the comparison uses the "
            + b.size() + " rows both scored.");
      }
      Map<String, Double> ma = ClassificationMetrics.flat(a);
      Map<String, Double> mb = ClassificationMetrics.flat(b);
      Map<String, Double> champ = new TreeMap<>();
      Map<String, Double> chall = new TreeMap<>();
      for (String k : BENCHMARK_METRICS) {
        if (ma.containsKey(k) && mb.containsKey(k)) {
          champ.put(k, ma.get(k));
          chall.put(k, mb.get(k));
          metrics.put("benchmark." + k + "_delta", ma.get(k) - mb.get(k));
        }
      }
      if (!a.bothClassesPresent()) {
        return new Benchmark(version, champ, chall, null, null, null, null, null, 0);
      }
      boolean[] y = ClassificationMetrics.positives(a);
      AucComparison.DeLong d = AucComparison.delong(a.positiveProbability(), b.positiveProbability(), y);
      double[] ci = AucComparison.bootstrapInterval(a.positiveProbability(), b.positiveProbability(), y, BOOTSTRAP,
          stream(in.suite(), 6));
      metrics.put("benchmark.roc_auc_delta_p_value", d.pValue());
      boolean haveCi = !Double.isNaN(ci[0]);
      return new Benchmark(version, champ, chall, d.difference(), d.z(), d.pValue(), haveCi ? ci[0] : null,
          haveCi ? ci[1] : null, BOOTSTRAP);
    }
  }

  private static TrainingSummary training(Map<String, Double> m) {
    Map<Integer, Double> folds = new TreeMap<>();
    String foldMetric = null;
    java.util.regex.Pattern fold = java.util.regex.Pattern.compile("fold_(\\d+)_(.+)");
    for (Map.Entry<String, Double> e : m.entrySet()) {
      java.util.regex.Matcher x = fold.matcher(e.getKey());
      if (x.matches()) {
        folds.put(Integer.parseInt(x.group(1)), e.getValue());
        foldMetric = x.group(2);
      }
    }
    return new TrainingSummary(m, foldMetric, new ArrayList<>(folds.values()),
        "The registry keeps each version's final metrics"
            + (folds.isEmpty() ? "" : " and its cross-validation fold scores")
            + "; per-epoch training curves are not stored, so the report draws what is kept.");
  }

  private static List<Map<String, Object>> sample(List<Map<String, Object>> rows, int n, SplittableRandom rng) {
    List<Map<String, Object>> copy = new ArrayList<>(rows);
    for (int i = copy.size() - 1; i > 0; i--) {
      java.util.Collections.swap(copy, i, rng.nextInt(i + 1));
    }
    return copy.subList(0, n);
  }

  private static SplittableRandom stream(EvaluationSuite suite, int part) {
    return new SplittableRandom(suite.seed() * 0x9E3779B97F4A7C15L + part);
  }

  private static Map<String, Boolean> orderedMap(Object... kv) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Boolean) kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The parts asked for. */
  private record Parts(java.util.Set<EvaluationType> types) {
    boolean has(EvaluationType t) {
      return types.contains(t);
    }
  }
}
