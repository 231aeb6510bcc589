package dev.modelkit.core.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.evaluation.EvaluationDetails;
import dev.modelkit.evaluation.EvaluationDetails.BacktestSlice;
import dev.modelkit.evaluation.EvaluationDetails.Explanation;
import dev.modelkit.evaluation.EvaluationDetails.FeatureImportance;
import dev.modelkit.evaluation.EvaluationDetails.Robustness;
import dev.modelkit.evaluation.EvaluationSuite;
import dev.modelkit.evaluation.EvaluationType;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The whole suite on the hand rows with the deterministic {@link ScorePredictor}. */
class EvaluationRunnerTest {
  private static final double E = 1e-12;

  static DataSource source() {
    return new DataSource("hand", DataFormat.CSV, "hand.csv",
        new DataSchema(List.of("score", "age", "foreign", "month"), List.of("class"), Map.of()), null, null, null);
  }

  static EvaluationSuite.Builder suite() {
    return EvaluationSuite.builder("hand", List.of(source())).positiveClass("bad")
        .protectedAttributes("age", "foreign").challengerVersion("2").timeField("month").seed(11);
  }

  static EvaluationRunner.Result run(EvaluationSuite suite) {
    return EvaluationRunner.run(new EvaluationRunner.Input(suite, HandRows.rows(), HandRows.columns(), "class",
        new ScorePredictor(false), v -> new ScorePredictor(true), 1234, Map.of("fold_1_roc_auc", 0.7,
            "fold_2_roc_auc", 0.8, "roc_auc", 0.75), Map.of("hand", "c".repeat(64)), 0, 0, Map.of("train",
            "b".repeat(64))));
  }

  private static EvaluationRunner.Result runRepeated(EvaluationSuite suite, int copies) {
    List<Map<String, Object>> rows = new java.util.ArrayList<>();
    for (int c = 0; c < copies; c++) {
      rows.addAll(HandRows.rows());
    }
    return EvaluationRunner.run(new EvaluationRunner.Input(suite, rows, HandRows.columns(), "class",
        new ScorePredictor(false), v -> new ScorePredictor(true), 1234, Map.of(), Map.of("hand", "c".repeat(64)), 0,
        0, Map.of()));
  }

  @Test
  void intervalsReachTheFlatMetricsAndASeedReproducesThemWhateverTheAttributeOrder() {
    // eight copies of the hand rows: age < 25 has 32 rows (16 predicted bad), >= 25 has 48 (24)
    EvaluationSuite s = EvaluationSuite.builder("hand", List.of(source())).positiveClass("bad")
        .protectedAttributes("age", "foreign").evaluations(EvaluationType.ACCURACY, EvaluationType.FAIRNESS).seed(11)
        .build();
    EvaluationRunner.Result r = runRepeated(s, 8);
    Map<String, Double> m = r.metrics();
    double low = m.get("fairness.age.demographic_parity_difference_ci_low");
    double high = m.get("fairness.age.demographic_parity_difference_ci_high");
    assertTrue(low < 0 && high > 0, "equal rates (0.5 and 0.5): the interval spans 0: " + low + ", " + high);
    assertTrue(m.containsKey("fairness.age.disparate_impact_ratio_ci_low"));
    assertTrue(!m.containsKey("fairness.age.equalized_odds_difference_ci_low"),
        "24 actual positives under 25 are too few for the TPR comparison");
    var age = r.details().fairness().get(0);
    assertEquals(32, age.groups().get(0).positiveRateInterval().n());
    assertTrue(age.equalizedOddsInterval().caveat().contains("fewer than 30"), age.equalizedOddsInterval().caveat());
    assertEquals(80, r.details().accuracy().accuracyInterval().n());
    assertTrue(r.details().accuracy().accuracyInterval().contains(0.7));

    EvaluationSuite reordered = EvaluationSuite.builder("hand", List.of(source())).positiveClass("bad")
        .protectedAttributes("foreign", "age").evaluations(EvaluationType.FAIRNESS).seed(11).build();
    var again = runRepeated(reordered, 8).details().fairness().get(1);
    assertEquals(age, again, "each attribute's intervals come from its own stream");
    var reseeded = runRepeated(EvaluationSuite.builder("hand", List.of(source())).positiveClass("bad")
        .protectedAttributes("age").evaluations(EvaluationType.FAIRNESS).seed(12).build(), 8).details().fairness()
        .get(0);
    // on 32 and 48 rows the differences lie on a lattice, so the parity bounds can coincide; the ratios do not
    assertTrue(!age.disparateImpactInterval().equals(reseeded.disparateImpactInterval()), "another seed");
    assertEquals(age.demographicParityDifference(), reseeded.demographicParityDifference());
  }

  @Test
  void everyDocumentedMetricKeyIsPresentWithTheHandValues() {
    Map<String, Double> m = run(suite().build()).metrics();
    for (String k : List.of("accuracy", "precision", "recall", "f1_score", "roc_auc", "pr_auc", "log_loss",
        "brier_score", "calibration_error", "rows", "fairness.age.demographic_parity_difference",
        "fairness.age.equalized_odds_difference", "fairness.age.disparate_impact_ratio",
        "fairness.foreign.demographic_parity_difference", "fairness.max_demographic_parity_difference",
        "fairness.max_equalized_odds_difference", "fairness.min_disparate_impact_ratio",
        "robustness.gaussian_noise.accuracy_drop", "robustness.missing_values.roc_auc_drop",
        "robustness.text_typos.f1_score_drop", "efficiency.latency_p50_ms", "efficiency.latency_p99_ms",
        "efficiency.throughput_rows_per_second", "efficiency.model_size_bytes", "benchmark.accuracy_delta",
        "benchmark.roc_auc_delta")) {
      assertTrue(m.containsKey(k), k + " missing from " + m.keySet());
    }
    assertEquals(10.0, m.get("rows"), "the unscorable row is left out");
    assertEquals(0.7, m.get("accuracy"), E);
    assertEquals(21 / 24.0, m.get("roc_auc"), E);
    assertEquals(0.32, m.get("calibration_error"), E);
    assertEquals(0.0, m.get("fairness.age.demographic_parity_difference"), E);
    assertEquals(1.0, m.get("fairness.max_demographic_parity_difference"), E);
    assertEquals(0.0, m.get("fairness.min_disparate_impact_ratio"), E);
    assertEquals(1234.0, m.get("efficiency.model_size_bytes"));
    assertTrue(m.get("efficiency.latency_p99_ms") >= m.get("efficiency.latency_p50_ms"));
    assertTrue(m.get("efficiency.throughput_rows_per_second") > 0);
    // the inverted challenger ranks every pair the wrong way round where the champion ranks it right
    assertEquals(21 / 24.0 - 3 / 24.0, m.get("benchmark.roc_auc_delta"), E);
    // the challenger gets rows 2, 4 and 5 right: accuracy 0.3
    assertEquals(0.7 - 0.3, m.get("benchmark.accuracy_delta"), E);
  }

  @Test
  void robustnessDropsAreZeroForFieldsTheModelIgnoresAndReproducibleFromTheSeed() {
    EvaluationDetails d = run(suite().build()).details();
    Robustness typos = d.robustness().stream().filter(r -> r.perturbation().equals("text_typos")).findFirst()
        .orElseThrow();
    typos.drops().values().forEach(v -> assertEquals(0.0, v, E, "typos touch only fields the model ignores"));
    assertTrue(typos.description().contains("[foreign, month]"), typos.description());
    Robustness noise = d.robustness().get(0);
    assertEquals("gaussian_noise", noise.perturbation());
    assertTrue(noise.description().contains("[score, age]"), noise.description());
    Map<String, Double> again = new TreeMap<>(run(suite().build()).metrics());
    Map<String, Double> first = new TreeMap<>(run(suite().build()).metrics());
    again.keySet().removeIf(k -> k.startsWith("efficiency."));
    first.keySet().removeIf(k -> k.startsWith("efficiency."));
    assertEquals(first, again, "same seed, same report (timings aside)");
  }

  @Test
  void onlyTheScoreMattersToPermutationImportanceAndOcclusion() {
    EvaluationDetails d = run(suite().build()).details();
    FeatureImportance top = d.importances().get(0);
    assertEquals("score", top.feature());
    assertEquals("roc_auc", top.metric());
    assertTrue(top.meanDrop() > 0.1, "shuffling the score destroys the ranking: " + top);
    for (FeatureImportance f : d.importances().subList(1, d.importances().size())) {
      assertEquals(0.0, f.meanDrop(), E, f.feature());
      assertEquals(0.0, f.stdDrop(), E, f.feature());
    }
    // baseline score: median of the ten scores, (0.4 + 0.55) / 2
    Explanation highest = d.explanations().get(0);
    assertEquals(0, highest.row());
    assertEquals(0.475, highest.baselineProbability(), E);
    assertEquals("score", highest.contributions().get(0).field(), "largest magnitude first");
    assertEquals(0.9 - 0.475, highest.contributions().get(0).contribution(), E);
    assertEquals("0.475", highest.contributions().get(0).baseline());
    assertEquals(List.of(0.0, 0.0, 0.0), highest.contributions().subList(1, 4).stream()
        .map(EvaluationDetails.Contribution::contribution).toList());
    assertEquals(9, d.explanations().get(1).row());
    assertEquals(0.05 - 0.475, d.explanations().get(1).contributions().get(0).contribution(), E);
    assertEquals(4, d.explanations().get(2).row(), "0.55 is the score closest to 0.5");
  }

  @Test
  void backtestSlicesFollowTheTimeField() {
    List<BacktestSlice> slices = run(suite().build()).details().backtest();
    assertEquals(5, slices.size());
    // months 01, 02: rows 2 (FP) and 5 (FN); 05, 06: rows 4 (FP), 8 (TN); 09, 10: rows 6 (TN), 3 (TP)
    assertEquals("2024-01", slices.get(0).from());
    assertEquals("2024-02", slices.get(0).to());
    assertEquals(0.0, slices.get(0).metrics().get("accuracy"), E);
    assertEquals(0.5, slices.get(2).metrics().get("accuracy"), E);
    assertEquals(1.0, slices.get(4).metrics().get("accuracy"), E);
  }

  @Test
  void unscorableRowsAreReportedAndTrainingFoldsKept() {
    EvaluationDetails d = run(suite().build()).details();
    assertEquals(11, d.data().rows());
    assertEquals(10, d.data().scoredRows());
    assertTrue(d.data().failedExamples().get(0).startsWith("row 10: score 'n/a' is not a number"),
        d.data().failedExamples().toString());
    assertEquals(List.of(0.7, 0.8), d.training().foldScores());
    assertEquals("roc_auc", d.training().foldMetric());
    assertTrue(d.summary().contains("accuracy 0.700"), d.summary());
  }

  @Test
  void partsNotAskedForAreNotRunAndMissingInputsAreNoted() {
    EvaluationSuite only = EvaluationSuite.builder("acc", List.of(source())).evaluations(EvaluationType.ACCURACY)
        .build();
    EvaluationRunner.Result r = run(only);
    assertTrue(r.metrics().keySet().stream().noneMatch(k -> k.contains(".")), r.metrics().keySet().toString());
    assertTrue(r.details().notes().get(0).contains("'bad'"), "the minority class is the default positive class: "
        + r.details().notes());
    EvaluationRunner.Result all = run(EvaluationSuite.builder("all", List.of(source())).positiveClass("bad").build());
    assertTrue(all.details().notes().contains("Benchmark skipped: the suite names no challengerVersion."));
    assertTrue(all.details().notes().contains("Backtest skipped: the suite names no timeField."));
  }

  @Test
  void testDataThatIsTheTrainingFileIsFlagged() {
    EvaluationRunner.Result r = EvaluationRunner.run(new EvaluationRunner.Input(suite().build(), HandRows.rows(),
        HandRows.columns(), "class", new ScorePredictor(false), v -> new ScorePredictor(true), 1, Map.of(),
        Map.of("hand", "c".repeat(64)), 0, 0, Map.of("train", "c".repeat(64))));
    assertTrue(r.details().notes().get(0).contains("byte for byte a file the version was trained on"),
        r.details().notes().toString());
    assertTrue(run(suite().build()).details().notes().stream().noneMatch(n -> n.contains("byte for byte")));
  }

  @Test
  void aSuiteThatDoesNotFitNamesTheField() {
    ConfigurationException cls = assertThrows(ConfigurationException.class,
        () -> run(suite().positiveClass("maybe").build()));
    assertTrue(cls.getMessage().contains("positiveClass") && cls.getMessage().contains("maybe"), cls.getMessage());
    ConfigurationException attr = assertThrows(ConfigurationException.class,
        () -> run(suite().protectedAttributes("gender").build()));
    assertTrue(attr.getMessage().contains("protectedAttributes") && attr.getMessage().contains("gender"),
        attr.getMessage());
    List<String> noMonth = HandRows.columns().stream().filter(c -> !c.equals("month")).toList();
    ConfigurationException missing = assertThrows(ConfigurationException.class, () -> EvaluationRunner.run(
        new EvaluationRunner.Input(suite().timeField(null).build(), HandRows.rows(), noMonth, "class",
            new ScorePredictor(false), null, 1, Map.of(), Map.of(), 0, 0, Map.of())));
    assertTrue(missing.getMessage().contains("missing: [month]"), missing.getMessage());
  }
}
