package dev.modelkit.dashboard.internal;

import dev.modelkit.InvalidStateException;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.ExperimentAnalysis;
import dev.modelkit.experiment.ExperimentStatus;
import dev.modelkit.experiment.MetricAnalysis;
import dev.modelkit.experiment.MetricDirection;
import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.MetricType;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.SampleRatioCheck;
import dev.modelkit.experiment.SequentialEstimate;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiment.VariantComparison;
import dev.modelkit.experiment.VariantExposure;
import dev.modelkit.experiment.VariantSummary;
import dev.modelkit.experiment.VariantStatus;
import dev.modelkit.security.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A/B testing: set up an experiment, live results with intervals, sequential state, SRM, stop or roll back. */
final class ExperimentsSection implements Section {

  @Override
  public String name() {
    return "experiments";
  }

  @Override
  public View page(Call c) {
    String id = c.segment(1);
    if (id == null) {
      return new View("A/B experiments", "", live(c), createForm(c));
    }
    ABTestExperiment e = c.service.experiments().get(id);
    return new View("Experiment " + e.name(), "<p><a href=\"/experiments\">← all experiments</a></p>", live(c), "");
  }

  @Override
  public String live(Call c) {
    String id = c.segment(1);
    return id == null ? list(c) : detail(c, c.service.experiments().get(id));
  }

  @Override
  public Redirect post(Call c, Form f) {
    String id = c.segment(1);
    if (id == null) {
      return create(c, f);
    }
    String action = c.segment(2) == null ? "" : c.segment(2);
    String reason = f.get("reason", action + " from the dashboard by " + c.principal.userId());
    ABTestExperiment e = switch (action) {
      case "start" -> c.service.experiments().start(id);
      case "pause" -> c.service.experiments().pause(id, reason);
      case "stop" -> c.service.experiments().stop(id, reason);
      case "rollback" -> c.service.experiments().rollback(id, reason);
      default -> throw new BadRequest("Unknown experiment action '" + action + "': use start, pause, stop or rollback.");
    };
    return new Redirect("/experiments/" + Html.url(id), "Experiment " + Html.esc(e.name()) + " is now "
        + Html.esc(e.status().wireName()) + ".");
  }

  private Redirect create(Call c, Form f) {
    double treatmentShare = number(f, "allocation", 50);
    ModelVariant control = new ModelVariant("control", "control", f.get("controlModel", ""), f.get("controlVersion", ""),
        Map.of(), 100 - treatmentShare, VariantStatus.ACTIVE, true);
    ModelVariant treatment = new ModelVariant("treatment", "treatment", f.get("treatmentModel", ""),
        f.get("treatmentVersion", ""), Map.of(), treatmentShare, VariantStatus.ACTIVE, false);
    MetricKind kind = "continuous".equals(f.get("metricKind")) ? MetricKind.CONTINUOUS : MetricKind.BINARY;
    MetricDirection dir = "decrease".equals(f.get("direction")) ? MetricDirection.DECREASE : MetricDirection.INCREASE;
    SuccessMetric metric = new SuccessMetric(f.get("metric", "conversion"), MetricType.BUSINESS, null, dir,
        Significance.PRIMARY, kind, null);
    ABTestExperiment e = c.service.experiments().create(f.get("name", ""), f.get("hypothesis", ""),
        List.of(control, treatment), List.of(metric));
    return new Redirect("/experiments/" + Html.url(e.id()), "Created draft experiment " + Html.esc(e.name()) + ".");
  }

  private static double number(Form f, String field, double fallback) {
    String v = f.get(field, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new BadRequest(field + " was '" + v + "' but it must be a number between 0 and 100.");
    }
  }

  private static String createForm(Call c) {
    boolean allowed = c.can(Permission.EXPERIMENT);
    StringBuilder b = new StringBuilder("<h2>New experiment</h2>");
    b.append("<form method=\"post\" action=\"/experiments\" class=\"grid\" id=\"new-experiment\">").append(c.csrfField())
        .append(field("name", "Name", "text", "")).append(field("hypothesis", "Hypothesis", "text", ""))
        .append(field("controlModel", "Control model", "text", "")).append(field("controlVersion", "Control version", "text", ""))
        .append(field("treatmentModel", "Treatment model", "text", ""))
        .append(field("treatmentVersion", "Treatment version", "text", ""))
        .append(field("allocation", "Treatment share (%)", "number", "50"))
        .append(field("metric", "Primary metric", "text", "conversion"))
        .append("<label>Metric kind <select name=\"metricKind\"><option value=\"binary\">binary</option>")
        .append("<option value=\"continuous\">continuous</option></select></label>")
        .append("<label>Better when it <select name=\"direction\"><option value=\"increase\">increases</option>")
        .append("<option value=\"decrease\">decreases</option></select></label>")
        .append("<button type=\"submit\"").append(allowed ? "" : " disabled title=\"needs permission 'experiment'\"")
        .append(">Create draft</button></form>");
    return b.toString();
  }

  private static String field(String name, String label, String type, String value) {
    return "<label>" + Html.esc(label) + " <input name=\"" + name + "\" type=\"" + type + "\" value=\"" + Html.esc(value)
        + "\"" + (type.equals("number") ? " min=\"0\" max=\"100\" step=\"any\"" : "") + " required></label>";
  }

  private String list(Call c) {
    List<ABTestExperiment> all = new ArrayList<>(c.service.experiments().list());
    java.util.Collections.reverse(all);
    StringBuilder b = new StringBuilder("<table id=\"experiments\"><thead><tr><th>Experiment</th><th>Hypothesis</th>"
        + "<th>Variants</th><th>Status</th><th>Started</th></tr></thead><tbody>");
    if (all.isEmpty()) {
      b.append("<tr><td colspan=\"5\" class=\"empty\">No experiments yet.</td></tr>");
    }
    for (ABTestExperiment e : all) {
      b.append("<tr><td><a href=\"/experiments/").append(Html.esc(Html.url(e.id()))).append("\" class=\"experiment-name\">")
          .append(Html.esc(e.name())).append("</a></td><td>").append(Html.esc(e.hypothesis())).append("</td><td>")
          .append(Html.esc(variants(e))).append("</td><td>").append(Html.badge(e.status().wireName())).append("</td><td>")
          .append(Html.esc(Html.time(e.startedAt()))).append("</td></tr>");
    }
    return b.append("</tbody></table>").toString();
  }

  private String detail(Call c, ABTestExperiment e) {
    StringBuilder b = new StringBuilder("<dl class=\"facts\">");
    b.append("<dt>Name</dt><dd id=\"experiment-name\">").append(Html.esc(e.name())).append("</dd>");
    b.append("<dt>Hypothesis</dt><dd>").append(Html.esc(e.hypothesis())).append("</dd>");
    b.append("<dt>Status</dt><dd id=\"experiment-status\">").append(Html.badge(e.status().wireName()))
        .append(e.statusReason() == null ? "" : " " + Html.esc(e.statusReason())).append("</dd>");
    b.append("<dt>Variants</dt><dd>").append(Html.esc(variants(e))).append("</dd></dl>");
    b.append("<div class=\"actions\">");
    String base = "/experiments/" + Html.url(e.id());
    if (e.status() == ExperimentStatus.DRAFT || e.status() == ExperimentStatus.PAUSED) {
      b.append(c.button(base + "/start", "Start", Permission.EXPERIMENT, "primary", null));
    }
    if (e.status() == ExperimentStatus.RUNNING) {
      b.append(c.button(base + "/pause", "Pause", Permission.EXPERIMENT, "", null));
    }
    if (e.status() == ExperimentStatus.RUNNING || e.status() == ExperimentStatus.PAUSED) {
      b.append(c.button(base + "/stop", "Stop", Permission.EXPERIMENT, "", null));
    }
    if (e.status() != ExperimentStatus.DRAFT && e.status() != ExperimentStatus.CONCLUDED
        && e.status() != ExperimentStatus.ROLLED_BACK) {
      b.append(c.button(base + "/rollback", "Roll back to control", Permission.EXPERIMENT, "danger", null));
    }
    b.append("</div>");
    if (e.status() == ExperimentStatus.DRAFT) {
      return b.append("<p class=\"note\">A draft assigns nobody; start it to collect results.</p>").toString();
    }
    ExperimentAnalysis a;
    try {
      a = c.service.experiments().analyse(e.id());
    } catch (InvalidStateException noData) {
      return b.append("<p class=\"note\" id=\"no-analysis\">").append(Html.esc(noData.getMessage())).append("</p>").toString();
    }
    b.append(srm(a.sampleRatio()));
    b.append("<h2>Exposure</h2><table id=\"exposure\"><thead><tr><th>Variant</th><th>Units</th><th>Expected share</th>")
        .append("</tr></thead><tbody>");
    for (VariantExposure v : a.variants()) {
      b.append("<tr><td>").append(Html.esc(v.variantId())).append(v.control() ? " (control)" : "").append("</td><td>")
          .append(v.units()).append("</td><td>").append(Html.percent(v.expectedShare())).append("</td></tr>");
    }
    b.append("</tbody></table>");
    for (MetricAnalysis m : a.metrics()) {
      b.append(metric(m));
    }
    b.append("<h2>Sequential decision</h2><p id=\"recommendation\">").append(Html.badge(a.recommendation().action().wireName()));
    for (String r : a.recommendation().reasons()) {
      b.append("<br>").append(Html.esc(r));
    }
    b.append("</p>");
    if (a.projection() != null) {
      b.append("<p class=\"note\">").append(Html.esc(a.projection().explanation())).append("</p>");
    }
    for (String n : a.notes()) {
      b.append("<p class=\"note\">").append(Html.esc(n)).append("</p>");
    }
    return b.toString();
  }

  static String srm(SampleRatioCheck s) {
    if (s == null) {
      return "";
    }
    if (s.mismatch()) {
      return "<div class=\"warn\" id=\"srm\">Sample ratio mismatch: the variants received " + Html.esc(s.observed())
          + " units where " + Html.esc(s.expected().stream().map(x -> Html.num(x, 0)).toList()) + " were expected (p = "
          + Html.num(s.pValue(), 5) + " &lt; " + Html.num(s.threshold(), 4)
          + "). Assignment or logging is broken; do not trust the results below.</div>";
    }
    return "<p class=\"ok\" id=\"srm\">Sample ratio as planned (p = " + Html.num(s.pValue(), 3) + ").</p>";
  }

  private static String metric(MetricAnalysis m) {
    StringBuilder b = new StringBuilder("<h2>").append(Html.esc(m.metric())).append(" <small>(")
        .append(Html.esc(m.significance().wireName())).append(", ").append(Html.esc(m.kind().wireName())).append(", ")
        .append(Html.esc(m.direction().wireName())).append(" is better)</small></h2>");
    b.append("<table class=\"metric\"><thead><tr><th>Variant</th><th>Units</th><th>Value</th><th>±SE</th></tr></thead><tbody>");
    for (VariantSummary s : m.summaries()) {
      b.append("<tr><td>").append(Html.esc(s.variantId())).append("</td><td>").append(s.units()).append("</td><td>")
          .append(Html.num(s.mean(), 4)).append("</td><td>").append(Html.num(s.standardError(), 4)).append("</td></tr>");
    }
    b.append("</tbody></table>");
    List<String> labels = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (VariantComparison vc : m.comparisons()) {
      if (vc.fixedHorizon() != null) {
        labels.add(vc.variantId() + " fixed-horizon");
        rows.add(new double[] {vc.fixedHorizon().absoluteEffect(), vc.fixedHorizon().absoluteLower(),
            vc.fixedHorizon().absoluteUpper()});
        text.append("<li>").append(Html.esc(vc.variantId())).append(": ").append(Html.esc(vc.fixedHorizon().test()))
            .append(", effect ").append(Html.num(vc.fixedHorizon().absoluteEffect(), 4)).append(" [")
            .append(Html.num(vc.fixedHorizon().absoluteLower(), 4)).append(", ")
            .append(Html.num(vc.fixedHorizon().absoluteUpper(), 4)).append("], p = ")
            .append(Html.num(vc.fixedHorizon().adjustedPValue(), 4)).append("</li>");
      }
      SequentialEstimate s = vc.sequential();
      if (s != null) {
        labels.add(vc.variantId() + " always-valid");
        rows.add(new double[] {s.absoluteEffect(), s.lower(), s.upper()});
        text.append("<li class=\"sequential\">").append(Html.esc(vc.variantId())).append(": confidence sequence [")
            .append(Html.num(s.lower(), 4)).append(", ").append(Html.num(s.upper(), 4)).append("], always-valid p = ")
            .append(Html.num(s.alwaysValidPValue(), 4)).append(s.boundaryCrossed() ? ", boundary crossed" : ", boundary not crossed")
            .append("</li>");
      }
    }
    if (!labels.isEmpty()) {
      double[] mid = new double[labels.size()];
      double[] lo = new double[labels.size()];
      double[] hi = new double[labels.size()];
      for (int i = 0; i < rows.size(); i++) {
        mid[i] = rows.get(i)[0];
        lo[i] = rows.get(i)[1];
        hi[i] = rows.get(i)[2];
      }
      b.append(Svg.intervals("effects-" + m.metric().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-"),
          "Effect against the control with intervals", labels, mid, lo, hi));
      b.append("<ul>").append(text).append("</ul>");
    }
    for (String n : m.notes()) {
      b.append("<p class=\"note\">").append(Html.esc(n)).append("</p>");
    }
    return b.toString();
  }

  private static String variants(ABTestExperiment e) {
    StringBuilder s = new StringBuilder();
    for (ModelVariant v : e.variants()) {
      if (s.length() > 0) {
        s.append("; ");
      }
      s.append(v.id()).append(" = ").append(v.modelId()).append(" v").append(v.version()).append(' ')
          .append(Html.num(v.allocation(), 0)).append('%');
    }
    return s.toString();
  }
}
