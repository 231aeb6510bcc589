package dev.modelkit.core.evaluation.internal;

import dev.modelkit.evaluation.ConfidenceInterval;
import dev.modelkit.evaluation.EvaluationDetails;
import dev.modelkit.evaluation.EvaluationDetails.Accuracy;
import dev.modelkit.evaluation.EvaluationDetails.BacktestSlice;
import dev.modelkit.evaluation.EvaluationDetails.CalibrationBin;
import dev.modelkit.evaluation.EvaluationDetails.ClassMetrics;
import dev.modelkit.evaluation.EvaluationDetails.CurvePoint;
import dev.modelkit.evaluation.EvaluationDetails.Explanation;
import dev.modelkit.evaluation.EvaluationDetails.FairnessAttribute;
import dev.modelkit.evaluation.EvaluationDetails.FeatureImportance;
import dev.modelkit.evaluation.EvaluationDetails.GroupRates;
import dev.modelkit.evaluation.EvaluationDetails.Robustness;
import dev.modelkit.evaluation.EvaluationDetails.TrainingSummary;
import dev.modelkit.evaluation.EvaluationReport;
import dev.modelkit.evaluation.EvaluationType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders an {@link EvaluationReport} as one self-contained HTML page: inline CSS and SVG, no
 * script, nothing fetched. Charts carry stable element ids (see {@link #chartIds}) so that tests
 * and readers can find them. Every text from the report (names, groups, values) is escaped.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /**
   * @param r a report with details
   * @return the ids of the charts {@link #render} draws for it
   */
  public static List<String> chartIds(EvaluationReport r) {
    EvaluationDetails d = r.details();
    List<String> ids = new ArrayList<>();
    if (d.accuracy() != null) {
      if (!d.accuracy().roc().isEmpty()) {
        ids.add("roc-curve");
        ids.add("pr-curve");
      }
      ids.add("calibration-plot");
      ids.add("confusion-matrix");
    }
    for (int i = 0; i < d.fairness().size(); i++) {
      ids.add("fairness-by-group-" + (i + 1));
    }
    if (!d.robustness().isEmpty()) {
      ids.add("robustness-drops");
    }
    if (!d.importances().isEmpty()) {
      ids.add("feature-importance");
    }
    for (int i = 0; i < d.explanations().size(); i++) {
      ids.add("explanation-" + (i + 1));
    }
    if (!d.backtest().isEmpty()) {
      ids.add("backtest-slices");
    }
    if (d.training() != null) {
      ids.add("training-curves");
    }
    return ids;
  }

  /**
   * @param r a report with details
   * @return the page
   * @throws IllegalArgumentException if the report has no details (a list summary)
   */
  public static String render(EvaluationReport r) {
    EvaluationDetails d = r.details();
    if (d == null) {
      throw new IllegalArgumentException("report " + r.id() + " has no details; fetch it with get(id)");
    }
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
        .append("<title>").append(Html.esc("Evaluation of " + r.modelId() + " v" + r.version())).append("</title>")
        .append("<style>").append(CSS).append("</style></head><body>\n");
    b.append("<h1>").append(Html.esc("Evaluation of " + r.modelId() + " version " + r.version())).append("</h1>");
    b.append("<p class=\"meta\">").append(Html.esc("Report " + r.id() + " · organisation " + r.organizationId()
        + " · suite '" + r.suite().name() + "' · seed " + r.suite().seed() + " · " + r.createdAt()
        + " · positive class '" + d.positiveClass() + "' · label field '" + d.labelField() + "'")).append("</p>");
    b.append("<p class=\"summary\">").append(Html.esc(d.summary())).append("</p>\n");
    headline(b, r.metrics());
    accuracy(b, d.accuracy(), r.metrics().get("accuracy"));
    fairness(b, d.fairness());
    robustness(b, d.robustness());
    interpretability(b, d.importances(), d.explanations());
    efficiency(b, d);
    benchmark(b, d);
    backtest(b, d.backtest());
    training(b, d.training());
    provenance(b, r, d);
    b.append("</body></html>\n");
    return b.toString();
  }

  private static void headline(StringBuilder b, Map<String, Double> m) {
    b.append("<h2>Headline figures</h2><table class=\"kv\">");
    for (String k : List.of("rows", "accuracy", "precision", "recall", "f1_score", "roc_auc", "pr_auc", "log_loss",
        "brier_score", "calibration_error", "fairness.max_demographic_parity_difference",
        "fairness.max_equalized_odds_difference", "fairness.min_disparate_impact_ratio")) {
      if (m.containsKey(k)) {
        b.append("<tr><th>").append(Html.esc(k)).append("</th><td>").append(num(m.get(k))).append("</td></tr>");
      }
    }
    b.append("</table>\n");
  }

  private static void accuracy(StringBuilder b, Accuracy a, Double accuracy) {
    if (a == null) {
      return;
    }
    b.append("<h2>Accuracy</h2><div class=\"row\">");
    if (!a.roc().isEmpty()) {
      b.append(Svg.unitChart("roc-curve", "ROC curve", "false-positive rate", "true-positive rate", List.of(
          new Svg.Series("model", points(a.roc()), Svg.PALETTE[0], false),
          new Svg.Series("chance", List.of(new double[] {0, 0}, new double[] {1, 1}), "#999", true)), null));
      b.append(Svg.unitChart("pr-curve", "Precision-recall curve", "recall", "precision",
          List.of(new Svg.Series("model", points(a.pr()), Svg.PALETTE[1], false)), null));
    }
    List<double[]> cal = new ArrayList<>();
    List<double[]> markers = new ArrayList<>();
    long total = a.calibration().stream().mapToLong(CalibrationBin::count).sum();
    for (CalibrationBin c : a.calibration()) {
      if (c.count() > 0) {
        cal.add(new double[] {c.meanPredicted(), c.observedRate()});
        markers.add(new double[] {c.meanPredicted(), c.observedRate(), 3 + 9 * Math.sqrt(c.count() / (double) total)});
      }
    }
    b.append(Svg.unitChart("calibration-plot", "Calibration (reliability)", "mean predicted probability",
        "observed positive rate", List.of(new Svg.Series("model (dot area ~ rows)", cal, Svg.PALETTE[2], false),
            new Svg.Series("perfect calibration", List.of(new double[] {0, 0}, new double[] {1, 1}), "#999", true)),
        markers));
    b.append(Svg.heatMap("confusion-matrix", a.classes(), a.confusionMatrix()));
    b.append("</div><h3>Per class</h3><table><tr><th>class</th><th>support</th><th>predicted</th><th>precision</th>")
        .append("<th>recall</th><th>F1</th></tr>");
    for (ClassMetrics c : a.perClass()) {
      b.append("<tr><td>").append(Html.esc(c.label())).append("</td><td>").append(c.support()).append("</td><td>")
          .append(c.predicted()).append("</td><td>").append(num(c.precision())).append("</td><td>")
          .append(num(c.recall())).append("</td><td>").append(num(c.f1())).append("</td></tr>");
    }
    b.append("</table><h3>Calibration bins</h3><table><tr><th>probability</th><th>rows</th>")
        .append("<th>mean predicted</th><th>observed rate</th></tr>");
    for (CalibrationBin c : a.calibration()) {
      b.append("<tr><td>").append(num(c.lower())).append(" – ").append(num(c.upper())).append("</td><td>")
          .append(c.count()).append("</td><td>").append(num(c.meanPredicted())).append("</td><td>")
          .append(num(c.observedRate())).append("</td></tr>");
    }
    b.append("</table><p class=\"note\">").append(Html.esc("Labels: " + a.threshold())).append("</p>");
    if (a.accuracyInterval() != null && accuracy != null) {
      b.append("<p>Accuracy with its 95% Wilson interval: ").append(withInterval(accuracy, a.accuracyInterval()))
          .append("</p>");
    }
    b.append('\n');
  }

  private static void fairness(StringBuilder b, List<FairnessAttribute> fairness) {
    if (fairness.isEmpty()) {
      return;
    }
    b.append("<h2>Fairness by group</h2>");
    int n = 0;
    for (FairnessAttribute f : fairness) {
      n++;
      List<String> groups = f.groups().stream().map(g -> g.group() + " (n=" + g.count() + ")").toList();
      Double[][] v = new Double[f.groups().size()][];
      for (int i = 0; i < v.length; i++) {
        GroupRates g = f.groups().get(i);
        v[i] = new Double[] {g.positiveRate(), g.truePositiveRate(), g.falsePositiveRate()};
      }
      b.append("<h3>").append(Html.esc(f.attribute())).append("</h3><p class=\"note\">")
          .append(Html.esc("Groups: " + f.groupingRule())).append("</p>");
      b.append(Svg.groupedBars("fairness-by-group-" + n, "Rates by " + f.attribute(), groups,
          List.of("predicted-positive rate", "true-positive rate", "false-positive rate"), v));
      if (f.demographicParityInterval() != null) {
        intervalNote(b);
      }
      b.append("<table><tr><th>group</th><th>rows</th><th>actual positives</th><th>predicted positives</th>")
          .append("<th>positive rate</th><th>TPR</th><th>FPR</th><th>accuracy</th></tr>");
      for (GroupRates g : f.groups()) {
        b.append("<tr><td>").append(Html.esc(g.group())).append("</td><td>").append(g.count()).append("</td><td>")
            .append(g.actualPositives()).append("</td><td>").append(g.predictedPositives()).append("</td><td>")
            .append(withInterval(g.positiveRate(), g.positiveRateInterval())).append("</td><td>")
            .append(withInterval(g.truePositiveRate(), g.truePositiveRateInterval())).append("</td><td>")
            .append(withInterval(g.falsePositiveRate(), g.falsePositiveRateInterval())).append("</td><td>")
            .append(withInterval(g.accuracy(), g.accuracyInterval())).append("</td></tr>");
      }
      b.append("</table><table class=\"kv\"><tr><th>figure</th><th>value [95% interval], rows</th>")
          .append("<th>what the interval compares</th></tr>");
      disparity(b, "demographic parity difference", f.demographicParityDifference(), f.demographicParityInterval());
      disparity(b, "equalized odds difference", f.equalizedOddsDifference(), f.equalizedOddsInterval());
      disparity(b, "disparate impact ratio (positive rate)", f.disparateImpactRatio(), f.disparateImpactInterval());
      disparity(b, "impact ratio of the other outcome", f.favourableImpactRatio(), f.favourableImpactInterval());
      b.append("</table>\n");
    }
  }

  /** Says what the brackets and flags mean; left out for reports stored before intervals existed. */
  private static void intervalNote(StringBuilder b) {
    b.append("<p class=\"note\">Each rate is shown with its 95% interval [low, high] and the rows it is "
        + "computed from (Wilson score interval per group; disparities by a stratified percentile bootstrap "
        + "comparing the two groups named). A figure marked <span class=\"flag\">no interval</span> rests on too "
        + "few rows to tell a real difference from noise; hover it for the reason.</p>");
  }

  private static void disparity(StringBuilder b, String name, Double value, ConfidenceInterval ci) {
    b.append("<tr><th>").append(Html.esc(name)).append("</th><td>").append(withInterval(value, ci))
        .append("</td><td>").append(ci == null ? "" : Html.esc(ci.method())).append("</td></tr>");
  }

  /**
   * A figure as "0.3100 [0.251, 0.382], n=212"; with a withheld interval, the figure, its rows and
   * a flag whose title gives the reason; with none (a report stored before intervals), the figure.
   */
  static String withInterval(Double value, ConfidenceInterval ci) {
    if (value == null || ci == null) {
      return num(value);
    }
    if (!ci.available()) {
      return num(value) + ", n=" + ci.n() + " <span class=\"flag\" title=\"" + Html.esc(ci.caveat())
          + "\">no interval</span>";
    }
    return num(value) + " [" + f3(ci.low()) + ", " + f3(ci.high()) + "], n=" + ci.n();
  }

  private static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static void robustness(StringBuilder b, List<Robustness> robustness) {
    if (robustness.isEmpty()) {
      return;
    }
    b.append("<h2>Robustness</h2>");
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (Robustness r : robustness) {
      for (String m : List.of("accuracy", "roc_auc", "f1_score")) {
        if (r.drops().containsKey(m)) {
          labels.add(r.perturbation() + " · " + m);
          values.add(r.drops().get(m));
        }
      }
    }
    b.append(Svg.bars("robustness-drops", "Drop in each metric under perturbation (positive = worse)", labels,
        values, null, "clean minus perturbed"));
    b.append("<table><tr><th>perturbation</th><th>what changed</th><th>drops (positive = worse)</th></tr>");
    for (Robustness r : robustness) {
      b.append("<tr><td>").append(Html.esc(r.perturbation())).append("</td><td>").append(Html.esc(r.description()))
          .append("</td><td>").append(Html.esc(r.drops().entrySet().stream().sorted(Map.Entry.comparingByKey())
              .map(e -> e.getKey() + " " + fmt(e.getValue())).collect(Collectors.joining(", ")))).append("</td></tr>");
    }
    b.append("</table>\n");
  }

  private static void interpretability(StringBuilder b, List<FeatureImportance> imp, List<Explanation> ex) {
    if (imp.isEmpty() && ex.isEmpty()) {
      return;
    }
    b.append("<h2>Interpretability</h2>");
    if (!imp.isEmpty()) {
      b.append(Svg.bars("feature-importance", "Permutation importance (drop in " + imp.get(0).metric()
              + ", mean ± sd over " + imp.get(0).repeats() + " shuffles)",
          imp.stream().map(FeatureImportance::feature).toList(), imp.stream().map(FeatureImportance::meanDrop).toList(),
          imp.stream().map(FeatureImportance::stdDrop).toList(), "drop in " + imp.get(0).metric()));
    }
    int n = 0;
    for (Explanation e : ex) {
      n++;
      b.append("<h3>").append(Html.esc("Row " + e.row() + ": " + e.why())).append("</h3><p class=\"note\">")
          .append(Html.esc("Predicted '" + e.predicted() + "', probability " + fmt(e.probability())
              + "; the baseline row (median or most frequent value of every field) scores "
              + num(e.baselineProbability()) + ". A bar is how much the probability falls when that field alone is "
              + "set to its baseline; fields interact, so bars need not add up.")).append("</p>");
      List<String> labels = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      e.contributions().stream().limit(12).forEach(c -> {
        labels.add(c.field() + " = " + c.value());
        values.add(c.contribution());
      });
      b.append(Svg.bars("explanation-" + n, "Contributions to the probability", labels, values, null,
          "probability minus probability with the field at baseline"));
    }
    b.append('\n');
  }

  private static void efficiency(StringBuilder b, EvaluationDetails d) {
    if (d.efficiency() == null) {
      return;
    }
    var e = d.efficiency();
    b.append("<h2>Efficiency</h2><table class=\"kv\"><tr><th>latency p50</th><td>").append(num(e.latencyP50Ms()))
        .append(" ms</td></tr><tr><th>latency p99</th><td>").append(num(e.latencyP99Ms()))
        .append(" ms</td></tr><tr><th>throughput</th><td>").append(String.format(Locale.ROOT, "%.0f",
            e.throughputRowsPerSecond())).append(" rows/s</td></tr><tr><th>model size</th><td>")
        .append(e.modelSizeBytes()).append(" bytes</td></tr><tr><th>heap allocated per row</th><td>")
        .append(e.allocatedBytesPerRow() == null ? "n/a" : String.format(Locale.ROOT, "%.0f bytes",
            e.allocatedBytesPerRow())).append("</td></tr></table><p class=\"note\">").append(Html.esc(e.note()))
        .append("</p>\n");
  }

  private static void benchmark(StringBuilder b, EvaluationDetails d) {
    var bm = d.benchmark();
    if (bm == null) {
      return;
    }
    b.append("<h2>Champion and challenger</h2><table><tr><th>metric</th><th>this version</th><th>")
        .append(Html.esc("version " + bm.challengerVersion())).append("</th><th>difference</th></tr>");
    for (String k : bm.champion().keySet().stream().sorted().toList()) {
      b.append("<tr><td>").append(Html.esc(k)).append("</td><td>").append(num(bm.champion().get(k))).append("</td><td>")
          .append(num(bm.challenger().get(k))).append("</td><td>").append(num(bm.champion().get(k) - bm.challenger().get(k)))
          .append("</td></tr>");
    }
    b.append("</table>");
    if (bm.rocAucDifference() != null) {
      b.append("<p>").append(Html.esc("ROC AUC difference " + fmt(bm.rocAucDifference()) + "; DeLong z "
          + (bm.rocAucZ() == null ? "n/a" : fmt(bm.rocAucZ())) + ", two-sided p " + Summary.p(bm.rocAucPValue())
          + "; 95% bootstrap interval [" + num(bm.rocAucCiLow()) + ", " + num(bm.rocAucCiHigh()) + "] over "
          + bm.bootstrapResamples() + " resamples.")).append("</p>");
    }
    b.append('\n');
  }

  private static void backtest(StringBuilder b, List<BacktestSlice> slices) {
    if (slices.isEmpty()) {
      return;
    }
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (String m : List.of("accuracy", "roc_auc", "f1_score")) {
      series.put(m, slices.stream().map(s -> s.metrics().get(m)).toList());
    }
    b.append("<h2>Backtest over time</h2>");
    b.append(Svg.categoryLines("backtest-slices", "Metrics per time slice (oldest first)",
        slices.stream().map(s -> "slice " + s.slice()).toList(), series, "metric"));
    b.append("<table><tr><th>slice</th><th>from</th><th>to</th><th>rows</th><th>accuracy</th><th>ROC AUC</th></tr>");
    for (BacktestSlice s : slices) {
      b.append("<tr><td>").append(s.slice()).append("</td><td>").append(Html.esc(s.from())).append("</td><td>")
          .append(Html.esc(s.to())).append("</td><td>").append(s.rows()).append("</td><td>")
          .append(num(s.metrics().get("accuracy"))).append("</td><td>").append(num(s.metrics().get("roc_auc")))
          .append("</td></tr>");
    }
    b.append("</table>\n");
  }

  private static void training(StringBuilder b, TrainingSummary t) {
    if (t == null) {
      return;
    }
    b.append("<h2>Training</h2><p class=\"note\">").append(Html.esc(t.note())).append("</p>");
    if (!t.foldScores().isEmpty()) {
      List<String> xs = new ArrayList<>();
      for (int i = 1; i <= t.foldScores().size(); i++) {
        xs.add("fold " + i);
      }
      b.append(Svg.categoryLines("training-curves", "Cross-validation " + t.foldMetric() + " per fold", xs,
          Map.of(t.foldMetric(), t.foldScores()), t.foldMetric()));
    } else {
      List<String> labels = t.metrics().keySet().stream().filter(k -> k.startsWith("val_") || k.startsWith("test_"))
          .sorted().toList();
      if (labels.isEmpty()) {
        labels = t.metrics().keySet().stream().sorted().limit(12).toList();
      }
      Map<String, Double> m = t.metrics();
      b.append(Svg.bars("training-curves", "Metrics recorded at training (no per-epoch curve is stored)", labels,
          labels.stream().map(m::get).toList(), null, "value"));
    }
    b.append("<table class=\"kv\">");
    t.metrics().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.append("<tr><th>")
        .append(Html.esc(e.getKey())).append("</th><td>").append(num(e.getValue())).append("</td></tr>"));
    b.append("</table>\n");
  }

  private static void provenance(StringBuilder b, EvaluationReport r, EvaluationDetails d) {
    b.append("<h2>Data, provenance and notes</h2><table class=\"kv\">");
    if (d.data() != null) {
      b.append("<tr><th>rows read</th><td>").append(d.data().rows()).append("</td></tr><tr><th>rows scored</th><td>")
          .append(d.data().scoredRows()).append("</td></tr><tr><th>rows skipped by the reader</th><td>")
          .append(d.data().skippedRows()).append("</td></tr><tr><th>rows removed by filters</th><td>")
          .append(d.data().filteredRows()).append("</td></tr>");
      d.data().fingerprints().forEach((k, v) -> b.append("<tr><th>").append(Html.esc("SHA-256 of " + k))
          .append("</th><td><code>").append(Html.esc(v)).append("</code></td></tr>"));
    }
    b.append("<tr><th>parts run</th><td>").append(Html.esc(r.suite().evaluations().stream()
        .map(EvaluationType::wireName).sorted().collect(Collectors.joining(", ")))).append("</td></tr></table>");
    if (!d.notes().isEmpty()) {
      b.append("<ul class=\"notes\">");
      for (String n : d.notes()) {
        b.append("<li>").append(Html.esc(n)).append("</li>");
      }
      b.append("</ul>");
    }
    b.append("<h3>All metrics</h3><table class=\"kv\">");
    r.metrics().forEach((k, v) -> b.append("<tr><th>").append(Html.esc(k)).append("</th><td>").append(num(v))
        .append("</td></tr>"));
    b.append("</table>\n");
  }

  private static List<double[]> points(List<CurvePoint> pts) {
    return pts.stream().map(p -> new double[] {p.x(), p.y()}).toList();
  }

  private static String num(Double v) {
    return v == null ? "n/a" : fmt(v);
  }

  private static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.4f", v);
  }

  private static final String CSS = "body{font-family:Helvetica,Arial,sans-serif;margin:24px 32px;color:#1a1a1a;"
      + "max-width:1280px}h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #1f77b4;"
      + "padding-bottom:3px;margin-top:30px}h3{font-size:15px;margin:16px 0 6px}.meta{color:#555;font-size:13px}"
      + ".summary{background:#eef4fb;border-left:4px solid #1f77b4;padding:10px 14px;font-size:14px}"
      + ".row{display:flex;flex-wrap:wrap;gap:14px}svg.chart{border:1px solid #ddd;margin:6px 6px 6px 0;"
      + "background:#fff}table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{border:1px solid #ddd;"
      + "padding:3px 8px;text-align:left}th{background:#f4f4f4}table.kv th{font-weight:normal;color:#333}"
      + ".note{color:#555;font-size:12px}.flag{background:#fde2c8;color:#7a3b00;padding:0 4px;border-radius:3px;"
      + "font-size:11px}ul.notes{font-size:13px;color:#444}code{font-size:11px}";
}
