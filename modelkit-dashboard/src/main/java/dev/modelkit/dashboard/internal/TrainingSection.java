package dev.modelkit.dashboard.internal;

import dev.modelkit.security.Permission;
import dev.modelkit.training.CrossValidationConfig;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Real-time training monitoring: the jobs, their state and stage, live curves, ETA and cancel. */
final class TrainingSection implements Section {
  private static final int PAGE = 200;

  @Override
  public String name() {
    return "training";
  }

  @Override
  public View page(Call c) {
    String jobId = c.segment(1);
    if (jobId == null) {
      return new View("Training jobs", "<p class=\"lead\">Jobs of " + Html.esc(c.principal.organizationId())
          + ", newest first. The table and curves refresh while you watch.</p>", live(c), "");
    }
    TrainingJob job = c.service.jobs().get(jobId);
    return new View("Training job " + job.id(), "<p><a href=\"/training\">← all jobs</a></p>", live(c), "");
  }

  @Override
  public String live(Call c) {
    String jobId = c.segment(1);
    return jobId == null ? list(c) : detail(c, c.service.jobs().get(jobId));
  }

  @Override
  public Redirect post(Call c, Form form) {
    String jobId = c.segment(1);
    if (jobId == null || !"cancel".equals(c.segment(2))) {
      throw new BadRequest("Only cancelling a job is done from this page: POST /training/{job}/cancel");
    }
    TrainingJob after = c.service.jobs().cancel(jobId, form.get("reason", "Cancelled from the dashboard by "
        + c.principal.userId()));
    return new Redirect("/training/" + Html.url(jobId), "Cancel requested: job " + Html.esc(jobId) + " is "
        + Html.esc(after.state().wireName()) + ".");
  }

  private String list(Call c) {
    JobState filter = state(c.query.get("state"));
    List<TrainingJob> jobs = newest(c, filter);
    StringBuilder b = new StringBuilder("<p class=\"filters\">Show: ");
    b.append(filterLink(null, filter));
    for (JobState s : JobState.values()) {
      b.append(" · ").append(filterLink(s, filter));
    }
    b.append("</p>");
    b.append("<table id=\"jobs\"><thead><tr><th>Job</th><th>Model</th><th>State</th><th>Stage</th><th>Progress</th>")
        .append("<th>Latest metrics</th><th>ETA</th><th>Cost</th><th></th></tr></thead><tbody>");
    if (jobs.isEmpty()) {
      b.append("<tr><td colspan=\"9\" class=\"empty\">No training jobs yet.</td></tr>");
    }
    for (TrainingJob j : jobs) {
      if (!j.state().isTerminal()) {
        c.curves.follow(c.service, j);
      }
      TrainingEvent p = j.progress();
      b.append("<tr data-job=\"").append(Html.esc(j.id())).append("\"><td><a href=\"/training/").append(Html.esc(Html.url(j.id())))
          .append("\">").append(Html.esc(j.id())).append("</a></td><td>").append(Html.esc(j.modelId())).append("</td><td>")
          .append(Html.badge(j.state().wireName())).append("</td><td>").append(Html.esc(p == null ? "" : p.stage()))
          .append("</td><td>").append(progressBar(j)).append("</td><td>").append(Html.esc(metrics(p))).append("</td><td>")
          .append(Html.esc(eta(c, j))).append("</td><td>").append(Html.figure(j.cost())).append("</td><td>");
      if (!j.state().isTerminal()) {
        b.append(c.button("/training/" + Html.url(j.id()) + "/cancel", "Cancel", Permission.TRAIN, "danger", null));
      }
      b.append("</td></tr>");
    }
    b.append("</tbody></table>");
    return b.toString();
  }

  /** The newest {@link #PAGE} jobs, newest first: the API lists oldest first, so one page read from the end. */
  private static List<TrainingJob> newest(Call c, JobState filter) {
    long total = c.service.jobs().count(filter);
    List<TrainingJob> out = new ArrayList<>(c.service.jobs().list(filter, (int) Math.max(0, total - PAGE), PAGE));
    java.util.Collections.reverse(out);
    return out;
  }

  private static JobState state(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    for (JobState s : JobState.values()) {
      if (s.wireName().equalsIgnoreCase(v)) {
        return s;
      }
    }
    throw new BadRequest("state was '" + v + "' but it must be one of queued, running, succeeded, failed, cancelled, "
        + "interrupted.");
  }

  private static String filterLink(JobState s, JobState current) {
    String label = s == null ? "all" : s.wireName().toLowerCase(java.util.Locale.ROOT);
    if (s == current) {
      return "<strong>" + label + "</strong>";
    }
    return "<a href=\"/training" + (s == null ? "" : "?state=" + label) + "\">" + label + "</a>";
  }

  private String detail(Call c, TrainingJob j) {
    Curves.Curve curve = j.state().isTerminal() ? c.curves.get(c.service, j) : c.curves.follow(c.service, j);
    List<Curves.Point> points = curve.points();
    TrainingEvent p = j.progress();
    StringBuilder b = new StringBuilder();
    b.append("<dl class=\"facts\">");
    fact(b, "State", Html.badge(j.state().wireName()) + (j.reason() == null ? "" : " " + Html.esc(j.reason())));
    fact(b, "Model", Html.esc(j.modelId()) + (j.modelVersion() == null ? "" : " version " + Html.esc(j.modelVersion())));
    fact(b, "Stage", "<span id=\"stage\">" + Html.esc(p == null ? "waiting" : p.stage()) + "</span>");
    fact(b, "Epoch", "<span id=\"epoch\">" + (p == null ? "0" : p.epoch() + " / " + p.totalEpochs()
        + (p.fold() > 0 ? " (fold " + p.fold() + ")" : "")) + "</span>");
    fact(b, "Progress", progressBar(j));
    fact(b, "ETA", "<span id=\"eta\">" + Html.esc(eta(c, j)) + "</span>");
    fact(b, "Created", Html.esc(Html.time(j.createdAt()) + " by " + j.createdBy()));
    fact(b, "Started", Html.esc(Html.time(j.startedAt())));
    fact(b, "Finished", Html.esc(Html.time(j.finishedAt())));
    fact(b, "Cost", Html.figure(j.cost()));
    b.append("</dl>");
    if (!j.state().isTerminal()) {
      b.append("<div class=\"actions\">")
          .append(c.button("/training/" + Html.url(j.id()) + "/cancel", "Cancel job", Permission.TRAIN, "danger", null))
          .append("</div>");
    }
    b.append("<p class=\"note\" id=\"curve-points\" data-count=\"").append(points.size()).append("\">")
        .append(points.size()).append(" progress points recorded");
    if (p != null && p.message() != null) {
      b.append(" · ").append(Html.esc(p.message()));
    }
    b.append("</p>");
    b.append(charts(points));
    if (!j.metrics().isEmpty()) {
      b.append("<h2>Final metrics</h2><table id=\"final-metrics\"><tbody>");
      for (Map.Entry<String, Double> e : new java.util.TreeMap<>(j.metrics()).entrySet()) {
        b.append("<tr><th>").append(Html.esc(e.getKey())).append("</th><td>").append(Html.num(e.getValue(), 4))
            .append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    return b.toString();
  }

  private static String charts(List<Curves.Point> points) {
    TreeSet<String> names = new TreeSet<>();
    for (Curves.Point pt : points) {
      names.addAll(pt.event().metrics().keySet());
    }
    List<Svg.Series> losses = new ArrayList<>();
    List<Svg.Series> others = new ArrayList<>();
    for (String n : names) {
      double[] xs = new double[points.size()];
      double[] ys = new double[points.size()];
      for (int i = 0; i < points.size(); i++) {
        xs[i] = points.get(i).seq();
        Double v = points.get(i).event().metrics().get(n);
        ys[i] = v == null ? Double.NaN : v;
      }
      if (n.contains("loss")) {
        losses.add(new Svg.Series(n, xs, ys));
      } else if (n.startsWith("val_") || n.startsWith("train_")) {
        others.add(new Svg.Series(n, xs, ys)); // scores on a 0..1 scale; the learning rate would flatten them
      }
    }
    if (others.size() > 4) {
      others = others.subList(0, 4);
    }
    return "<div class=\"charts\">" + Svg.lineChart("loss-chart", "Loss", "progress event (epochs across folds)", losses)
        + Svg.lineChart("metric-chart", "Validation metrics", "progress event (epochs across folds)", others) + "</div>";
  }

  private static void fact(StringBuilder b, String k, String html) {
    b.append("<dt>").append(Html.esc(k)).append("</dt><dd>").append(html).append("</dd>");
  }

  private static String metrics(TrainingEvent p) {
    if (p == null || p.metrics().isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, Double> e : new java.util.TreeMap<>(p.metrics()).entrySet()) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(e.getKey()).append(' ').append(Html.num(e.getValue(), 3));
    }
    return s.toString();
  }

  /** Share of the job done: cross-validation folds and the final fit each count as one phase. */
  static double fraction(TrainingJob j) {
    TrainingEvent p = j.progress();
    if (j.state().isTerminal()) {
      return 1;
    }
    if (p == null || p.totalEpochs() <= 0) {
      return 0;
    }
    CrossValidationConfig cv = j.configuration().validationConfig() == null ? null
        : j.configuration().validationConfig().crossValidation();
    int folds = cv != null && cv.enabled() ? cv.folds() : 0;
    int phases = folds + 1;
    int phase = p.fold() > 0 ? Math.min(p.fold(), folds) - 1 : folds;
    double within = Math.min(1, (double) p.epoch() / p.totalEpochs());
    return Math.max(0, Math.min(1, (phase + within) / phases));
  }

  private static String progressBar(TrainingJob j) {
    double f = fraction(j);
    int pct = (int) Math.round(f * 100);
    return "<progress class=\"job-progress\" max=\"100\" value=\"" + pct + "\">" + pct + "%</progress> " + pct + "%";
  }

  /** Time left at the pace so far; an upper bound when early stopping ends a phase sooner. */
  private static String eta(Call c, TrainingJob j) {
    if (j.state().isTerminal()) {
      return "done";
    }
    if (j.startedAt() == null) {
      return "not started";
    }
    double f = fraction(j);
    if (f <= 0.001) {
      return "estimating…";
    }
    Duration elapsed = Duration.between(j.startedAt(), Instant.now(c.clock));
    long leftMillis = (long) (elapsed.toMillis() * (1 - f) / f);
    return "≤ " + Html.duration(Duration.ofMillis(leftMillis));
  }
}
