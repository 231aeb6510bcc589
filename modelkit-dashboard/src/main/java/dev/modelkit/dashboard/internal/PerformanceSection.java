package dev.modelkit.dashboard.internal;

import dev.modelkit.NotFoundException;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.monitoring.DriftFinding;
import dev.modelkit.monitoring.ModelPerformance;
import dev.modelkit.monitoring.PerformanceMetrics;
import dev.modelkit.monitoring.Period;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Performance analytics: accuracy, latency percentiles, error rate, drift per feature and alerts over a period. */
final class PerformanceSection implements Section {
  private static final Map<String, Duration> PERIODS = Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24),
      "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));

  @Override
  public String name() {
    return "performance";
  }

  @Override
  public View page(Call c) {
    List<String> models = c.service.models().models();
    String model = model(c, models);
    String period = period(c);
    StringBuilder b = new StringBuilder("<form method=\"get\" action=\"/performance\" class=\"row\" id=\"choose\">")
        .append("<label>Model <select name=\"model\">");
    for (String m : models) {
      b.append("<option").append(m.equals(model) ? " selected" : "").append(" value=\"").append(Html.esc(m)).append("\">")
          .append(Html.esc(m)).append("</option>");
    }
    b.append("</select></label><label>Period <select name=\"period\">");
    for (String p : List.of("1h", "24h", "7d", "30d")) {
      b.append("<option").append(p.equals(period) ? " selected" : "").append(" value=\"").append(p).append("\">last ")
          .append(p).append("</option>");
    }
    b.append("</select></label><button type=\"submit\">Show</button></form>");
    return new View("Performance analytics", b.toString(), live(c), "");
  }

  @Override
  public String live(Call c) {
    List<String> models = c.service.models().models();
    String model = model(c, models);
    if (model == null) {
      return "<p class=\"empty\">No registered models yet.</p>";
    }
    String periodName = period(c);
    Instant end = Instant.now(c.clock);
    Period period = new Period(end.minus(PERIODS.get(periodName)), end.plusMillis(1));
    ModelPerformance perf;
    try {
      perf = c.service.monitoring().performance(model, period);
    } catch (NotFoundException nothingRecorded) {
      return "<p class=\"empty\" id=\"no-data\">" + Html.esc(nothingRecorded.getMessage()) + "</p>";
    }
    PerformanceMetrics m = perf.metrics();
    StringBuilder b = new StringBuilder("<div class=\"tiles\" id=\"tiles\">");
    tile(b, "Accuracy", Html.percent(m.accuracy()), m.labelled() + " labelled");
    tile(b, "Latency p50", Html.num(m.latency().p50(), 2) + " ms", "p95 " + Html.num(m.latency().p95(), 2) + " ms");
    tile(b, "Latency p99", Html.num(m.latency().p99(), 2) + " ms", "max " + Html.num(m.latency().max(), 2) + " ms");
    tile(b, "Error rate", Html.percent(m.errorRate()), m.predictions() + " predictions");
    tile(b, "Throughput", Html.num(m.throughput(), 2) + "/s", "F1 " + Html.num(m.f1(), 3));
    b.append("</div>");
    if (!perf.byVersion().isEmpty()) {
      b.append("<h2>By version</h2><table id=\"by-version\"><thead><tr><th>Version</th><th>Predictions</th><th>Accuracy</th>")
          .append("<th>p50</th><th>p95</th><th>p99</th><th>Error rate</th></tr></thead><tbody>");
      for (Map.Entry<String, PerformanceMetrics> e : new TreeMap<>(perf.byVersion()).entrySet()) {
        PerformanceMetrics v = e.getValue();
        b.append("<tr><td>").append(Html.esc(e.getKey())).append("</td><td>").append(v.predictions()).append("</td><td>")
            .append(Html.percent(v.accuracy())).append("</td><td>").append(Html.num(v.latency().p50(), 2)).append("</td><td>")
            .append(Html.num(v.latency().p95(), 2)).append("</td><td>").append(Html.num(v.latency().p99(), 2))
            .append("</td><td>").append(Html.percent(v.errorRate())).append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    b.append("<h2>Drift per feature</h2>");
    if (perf.drift().isEmpty()) {
      b.append("<p class=\"note\">No reference profile is stored for this model, so drift is not computed.</p>");
    } else {
      List<DriftFinding> data = perf.drift().stream().filter(f -> f.kind().equals("data")).toList();
      // tests differ in scale (chi-square, KS, PSI), their adjusted p-values do not
      List<Double> evidence = data.stream().map(f -> Double.isNaN(f.adjustedPValue()) ? Double.NaN
          : Math.min(10, -Math.log10(Math.max(1e-10, f.adjustedPValue())))).toList();
      b.append(Svg.bars("drift-chart", "Evidence of drift per feature: −log10(adjusted p); above 1.3 means p < 0.05",
          data.stream().map(DriftFinding::feature).toList(), evidence, 10, ""));
      b.append("<table id=\"drift\"><thead><tr><th>Kind</th><th>Feature</th><th>Method</th><th>Statistic</th>")
          .append("<th>p (adjusted)</th><th>Drifted</th><th>Note</th></tr></thead><tbody>");
      for (DriftFinding f : perf.drift()) {
        b.append("<tr").append(f.drifted() ? " class=\"drifted\"" : "").append("><td>").append(Html.esc(f.kind()))
            .append("</td><td>").append(Html.esc(f.feature())).append("</td><td>").append(Html.esc(f.method()))
            .append("</td><td>").append(Html.num(f.statistic(), 4)).append("</td><td>").append(Html.num(f.adjustedPValue(), 4))
            .append("</td><td>").append(f.drifted() ? "yes" : "no").append("</td><td>").append(Html.esc(f.note()))
            .append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    b.append("<h2>Alerts</h2><ul id=\"alerts\">");
    if (perf.alerts().isEmpty()) {
      b.append("<li class=\"empty\">No alerts in this period.</li>");
    }
    for (Alert a : perf.alerts()) {
      b.append("<li>").append(Html.esc(Html.time(a.raisedAt()))).append(" <strong>").append(Html.esc(a.name()))
          .append("</strong> (").append(Html.esc(a.condition())).append(", version ").append(Html.esc(a.version()))
          .append("): ").append(Html.esc(a.message())).append("</li>");
    }
    return b.append("</ul>").toString();
  }

  @Override
  public Redirect post(Call c, Form form) {
    throw new BadRequest("The performance page changes nothing; alert rules are managed through the API.");
  }

  private static String model(Call c, List<String> models) {
    String m = c.query.get("model");
    if (m != null && !m.isBlank()) {
      return m;
    }
    return models.isEmpty() ? null : models.get(0);
  }

  private static String period(Call c) {
    String p = c.query.get("period");
    return p != null && PERIODS.containsKey(p) ? p : "24h";
  }

  private static void tile(StringBuilder b, String label, String value, String sub) {
    b.append("<div class=\"tile\"><div class=\"label\">").append(Html.esc(label)).append("</div><div class=\"value\">")
        .append(Html.esc(value)).append("</div><div class=\"sub\">").append(Html.esc(sub)).append("</div></div>");
  }
}
