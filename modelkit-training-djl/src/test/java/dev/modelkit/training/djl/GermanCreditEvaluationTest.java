package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.ModelKit;
import dev.modelkit.evaluation.ConfidenceInterval;
import dev.modelkit.evaluation.EvaluationDetails;
import dev.modelkit.evaluation.EvaluationDetails.FairnessAttribute;
import dev.modelkit.evaluation.EvaluationDetails.GroupRates;
import dev.modelkit.evaluation.EvaluationReport;
import dev.modelkit.evaluation.EvaluationSuite;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import dev.modelkit.tck.HeadlessChromium;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.JobState;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation suite on real data: German Credit split 600/400 by file order, two really trained
 * versions, and the suite's fairness and calibration figures recomputed here independently, from
 * this test's own ARFF parsing and single-row predictions, group by group.
 */
class GermanCreditEvaluationTest {
  private static final Path DATA = Path.of(System.getProperty("modelkit.data", "../data"));
  private static final int TRAIN_ROWS = 600;
  private static final double E = 1e-9;

  @TempDir static Path work;
  private static ModelKit kit;
  private static CustomModelTrainingService dana;
  private static EvaluationReport report;
  private static List<Map<String, Object>> testRows;
  private static String modelId;

  @BeforeAll
  static void trainAndEvaluate() throws Exception {
    Path root = work.resolve("data");
    Files.createDirectories(root);
    List<String> lines = Files.readAllLines(DATA.resolve("credit/german_credit.arff"), StandardCharsets.UTF_8);
    int data = lines.indexOf(lines.stream().filter(l -> l.trim().equalsIgnoreCase("@data")).findFirst().orElseThrow());
    List<String> header = lines.subList(0, data + 1);
    List<String> body = lines.subList(data + 1, lines.size()).stream().filter(l -> !l.isBlank() && !l.startsWith("%"))
        .toList();
    write(root.resolve("train.arff"), header, body.subList(0, TRAIN_ROWS));
    write(root.resolve("test.arff"), header, body.subList(TRAIN_ROWS, body.size()));
    testRows = parse(header, body.subList(TRAIN_ROWS, body.size()));

    kit = ModelKit.builder().home(work.resolve("home")).dataRoot(root).build();
    dana = kit.service(Principal.of("dana", "acme", Roles.DATA_SCIENTIST));
    DataSource train = source("german_train", "train.arff");
    TrainingConfiguration cfg = Configs.germanCredit().modelName("German evaluated")
        .datasetConfig(new DatasetConfiguration(List.of(train), null, null, PreprocessingConfig.defaults(), null))
        .hyperparameters(Configs.germanHyperparameters().epochs(40).build())
        .validationConfig(Configs.holdout(0.2, 8)).build();
    TrainingJob champion = run(cfg);
    run(cfg.toBuilder().hyperparameters(Configs.germanHyperparameters().epochs(3).hiddenUnits(List.of(4)).seed(7L)
        .build()).build());
    modelId = champion.modelId();
    EvaluationSuite suite = EvaluationSuite.builder("German Credit review", List.of(source("german_test", "test.arff")))
        .positiveClass("bad").protectedAttributes("personal_status", "age", "foreign_worker").challengerVersion("2")
        .seed(2026).build();
    CustomModelTrainingService bob = kit.service(Principal.of("bob", "acme", Roles.BUSINESS_USER));
    report = bob.evaluations().evaluate(modelId, champion.modelVersion(), suite);
  }

  @AfterAll
  static void close() {
    if (kit != null) {
      kit.close();
    }
  }

  @Test
  void theTrainedModelIsEvaluatedOnTheHeldOutRows() {
    assertEquals(400.0, report.metric("rows"));
    assertTrue(report.metric("roc_auc") > 0.7, "a trained model ranks risk: " + report.metrics());
    EvaluationDetails d = report.details();
    assertEquals(400, d.data().scoredRows());
    assertEquals(64, d.data().fingerprints().get("german_test").length());
    assertEquals(List.of("personal_status", "age", "foreign_worker"),
        d.fairness().stream().map(FairnessAttribute::attribute).toList());
    assertEquals(20, d.importances().size());
    assertTrue(d.importances().get(0).meanDrop() > 0, "the top field matters: " + d.importances().get(0));
    assertEquals(3, d.robustness().size());
    assertTrue(report.metrics().containsKey("benchmark.roc_auc_delta"), report.metrics().keySet().toString());
    assertTrue(d.benchmark().rocAucPValue() >= 0 && d.benchmark().rocAucPValue() <= 1);
    System.out.println("German Credit evaluation: " + d.summary());
    System.out.println("metrics: " + report.metrics());
  }

  @Test
  void fairnessAndCalibrationMatchAnIndependentHandComputation() {
    List<Prediction> predictions = new ArrayList<>();
    try (Predictor p = dana.models().predictor(modelId, report.version())) {
      for (Map<String, Object> row : testRows) {
        Map<String, Object> inputs = new LinkedHashMap<>(row);
        inputs.remove("class");
        predictions.add(p.predict(inputs));
      }
    }
    Map<String, Double> m = report.metrics();
    checkAttribute("personal_status", row -> (String) row.get("personal_status"), predictions, m);
    checkAttribute("age", row -> ((Double) row.get("age")) < 25 ? "< 25" : ">= 25", predictions, m);
    checkAttribute("foreign_worker", row -> (String) row.get("foreign_worker"), predictions, m);

    // expected calibration error: ten equal-width bins of P(bad), |mean p - share bad| weighted by rows
    double[] sumP = new double[10];
    double[] bad = new double[10];
    int[] count = new int[10];
    for (int i = 0; i < testRows.size(); i++) {
      double p = predictions.get(i).probability("bad");
      int b = Math.min(9, (int) (p * 10));
      sumP[b] += p;
      bad[b] += "bad".equals(testRows.get(i).get("class")) ? 1 : 0;
      count[b]++;
    }
    double ece = 0;
    StringBuilder bins = new StringBuilder();
    for (int b = 0; b < 10; b++) {
      if (count[b] > 0) {
        ece += count[b] / (double) testRows.size() * Math.abs(sumP[b] / count[b] - bad[b] / count[b]);
        bins.append(String.format(Locale.ROOT, "  [%.1f, %.1f): n=%d mean p=%.3f observed=%.3f%n", b / 10.0,
            (b + 1) / 10.0, count[b], sumP[b] / count[b], bad[b] / count[b]));
      }
      assertEquals(count[b], report.details().accuracy().calibration().get(b).count(), "rows in bin " + b);
    }
    System.out.printf(Locale.ROOT, "calibration error: hand %.6f, report %.6f%n%s", ece, m.get("calibration_error"),
        bins);
    assertEquals(ece, m.get("calibration_error"), 1e-6);
  }

  @Test
  void theHtmlReportRendersInHeadlessChromium() throws Exception {
    Path file = kit.service(Principal.of("bob", "acme", Roles.BUSINESS_USER)).evaluations()
        .writeHtml(report.id(), Path.of("target", "evaluation-report-german-credit.html"));
    HeadlessChromium browser = HeadlessChromium.orSkip();
    Path shots = work.resolve("browser");
    Files.createDirectories(shots);
    HeadlessChromium.Rendered page = browser.render(file, shots, 1280, 4000);
    double variance = HeadlessChromium.luminanceVariance(page.screenshot());
    assertTrue(variance > 100, "the screenshot is not blank: luminance variance " + variance);
    for (String id : List.of("roc-curve", "pr-curve", "calibration-plot", "confusion-matrix", "fairness-by-group-1",
        "fairness-by-group-2", "fairness-by-group-3", "feature-importance", "explanation-1", "robustness-drops",
        "training-curves")) {
      assertTrue(Pattern.compile("<svg[^>]*\\bid=\"" + id + "\"").matcher(page.dom()).find(), "chart " + id);
    }
    System.out.println("German Credit HTML report: " + file.toAbsolutePath());
  }

  private void checkAttribute(String attribute, java.util.function.Function<Map<String, Object>, String> groupOf,
      List<Prediction> predictions, Map<String, Double> metrics) {
    // group -> {rows, actual bad, predicted bad, true positives, false positives}
    Map<String, long[]> c = new TreeMap<>();
    for (int i = 0; i < testRows.size(); i++) {
      long[] g = c.computeIfAbsent(groupOf.apply(testRows.get(i)), k -> new long[5]);
      boolean y = "bad".equals(testRows.get(i).get("class"));
      boolean yhat = "bad".equals(predictions.get(i).label());
      g[0]++;
      g[1] += y ? 1 : 0;
      g[2] += yhat ? 1 : 0;
      g[3] += y && yhat ? 1 : 0;
      g[4] += !y && yhat ? 1 : 0;
    }
    double minRate = 1;
    double maxRate = 0;
    double minTpr = 1;
    double maxTpr = 0;
    double minFpr = 1;
    double maxFpr = 0;
    System.out.println("fairness over " + attribute + " (group: rows, actual bad, predicted bad, TP, FP)");
    FairnessAttribute reported = report.details().fairness().stream().filter(f -> f.attribute().equals(attribute))
        .findFirst().orElseThrow();
    for (Map.Entry<String, long[]> e : c.entrySet()) {
      long[] g = e.getValue();
      double rate = g[2] / (double) g[0];
      minRate = Math.min(minRate, rate);
      maxRate = Math.max(maxRate, rate);
      if (g[1] > 0) {
        minTpr = Math.min(minTpr, g[3] / (double) g[1]);
        maxTpr = Math.max(maxTpr, g[3] / (double) g[1]);
      }
      if (g[0] - g[1] > 0) {
        minFpr = Math.min(minFpr, g[4] / (double) (g[0] - g[1]));
        maxFpr = Math.max(maxFpr, g[4] / (double) (g[0] - g[1]));
      }
      System.out.printf(Locale.ROOT, "  %-20s %4d %4d %4d %4d %4d  positive rate %.3f%n", e.getKey(), g[0], g[1], g[2],
          g[3], g[4], rate);
      GroupRates r = reported.groups().stream().filter(x -> x.group().equals(e.getKey())).findFirst().orElseThrow(
          () -> new AssertionError("group " + e.getKey() + " missing from " + reported.groups()));
      assertEquals(List.of(g[0], g[1], g[2], g[3], g[4]), List.of(r.count(), r.actualPositives(),
          r.predictedPositives(), r.truePositives(), r.falsePositives()), attribute + " group " + e.getKey());
      checkWilson(attribute + " " + e.getKey() + " positive rate", g[2], g[0], r.positiveRateInterval());
      checkWilson(attribute + " " + e.getKey() + " TPR", g[3], g[1], r.truePositiveRateInterval());
      checkWilson(attribute + " " + e.getKey() + " FPR", g[4], g[0] - g[1], r.falsePositiveRateInterval());
    }
    assertEquals(c.size(), reported.groups().size());
    double dpd = maxRate - minRate;
    double eod = Math.max(maxTpr - minTpr, maxFpr - minFpr);
    double dir = minRate / maxRate;
    System.out.printf(Locale.ROOT, "  demographic parity difference %.4f, equalized odds difference %.4f, "
        + "disparate impact ratio %.4f%n", dpd, eod, dir);
    assertEquals(dpd, metrics.get("fairness." + attribute + ".demographic_parity_difference"), E);
    assertEquals(eod, metrics.get("fairness." + attribute + ".equalized_odds_difference"), E);
    assertEquals(dir, metrics.get("fairness." + attribute + ".disparate_impact_ratio"), E);
    ConfidenceInterval dpdCi = reported.demographicParityInterval();
    for (ConfidenceInterval ci : java.util.Arrays.asList(dpdCi, reported.equalizedOddsInterval(),
        reported.disparateImpactInterval(), reported.favourableImpactInterval())) {
      System.out.printf(Locale.ROOT, "  interval: %s%n", ci == null ? "none" : ci.available()
          ? String.format(Locale.ROOT, "[%.3f, %.3f] n=%d (%s)", ci.low(), ci.high(), ci.n(), ci.method())
          : "withheld: " + ci.caveat());
    }
    long smallest = c.values().stream().mapToLong(g -> g[0]).min().orElseThrow();
    if (c.size() == 2 && smallest < 30) {
      assertFalse(dpdCi.available(), attribute + ": a group of " + smallest + " rows gets no interval");
      assertTrue(dpdCi.caveat().contains("only " + smallest + " rows"), dpdCi.caveat());
    } else if (c.size() == 2) {
      assertTrue(dpdCi.contains(dpd), attribute + ": " + dpdCi);
      assertEquals(dpdCi.low(), metrics.get("fairness." + attribute + ".demographic_parity_difference_ci_low"));
    }
  }

  /**
   * Wilson's bounds in the form (2x + z^2 -+ z sqrt(z^2 + 4x(n - x)/n)) / (2(n + z^2)), algebraically
   * the same as the suite's centre-and-half-width form but computed differently.
   */
  private static void checkWilson(String what, long x, long n, ConfidenceInterval ci) {
    if (n < 30) {
      assertFalse(ci.available(), what + " rests on " + n + " rows and gets no interval");
      return;
    }
    double z = 1.959963984540054;
    double root = z * Math.sqrt(z * z + 4.0 * x * (n - x) / n);
    assertEquals((2 * x + z * z - root) / (2 * (n + z * z)), ci.low(), 1e-12, what);
    assertEquals((2 * x + z * z + root) / (2 * (n + z * z)), ci.high(), 1e-12, what);
    assertEquals(n, ci.n(), what);
  }

  private static TrainingJob run(TrainingConfiguration cfg) throws Exception {
    TrainingJob job = dana.jobs().create(cfg);
    dana.jobs().start(job.id());
    TrainingJob done = dana.jobs().await(job.id(), Duration.ofMinutes(5));
    assertEquals(JobState.SUCCEEDED, done.state(), () -> "reason: " + done.reason());
    return done;
  }

  private static DataSource source(String id, String file) {
    return new DataSource(id, DataFormat.ARFF, file, new DataSchema(Configs.GERMAN_INPUTS, List.of("class"), Map.of()),
        null, null, null);
  }

  private static void write(Path file, List<String> header, List<String> rows) throws Exception {
    List<String> all = new ArrayList<>(header);
    all.addAll(rows);
    Files.write(file, all, StandardCharsets.UTF_8);
  }

  /** This test's own ARFF reading: numeric attributes as numbers, nominal ones as their unquoted text. */
  private static List<Map<String, Object>> parse(List<String> header, List<String> rows) {
    List<String> names = new ArrayList<>();
    List<Boolean> numeric = new ArrayList<>();
    for (String h : header) {
      if (h.toLowerCase(Locale.ROOT).startsWith("@attribute")) {
        String rest = h.substring("@attribute".length()).trim();
        String name = rest.split("\\s+")[0];
        names.add(name);
        numeric.add(rest.substring(name.length()).trim().toLowerCase(Locale.ROOT).matches("real|numeric|integer"));
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : rows) {
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      for (char ch : line.toCharArray()) {
        if (ch == '\'') {
          quoted = !quoted;
        } else if (ch == ',' && !quoted) {
          cells.add(cell.toString().trim());
          cell.setLength(0);
        } else {
          cell.append(ch);
        }
      }
      cells.add(cell.toString().trim());
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        row.put(names.get(i), numeric.get(i) ? (Object) Double.parseDouble(cells.get(i)) : cells.get(i));
      }
      out.add(row);
    }
    return out;
  }
}
