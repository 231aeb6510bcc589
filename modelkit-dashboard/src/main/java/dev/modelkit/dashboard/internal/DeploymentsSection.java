package dev.modelkit.dashboard.internal;

import dev.modelkit.deploy.CanaryStage;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.deploy.TrafficChange;
import dev.modelkit.security.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Deployment management: rollout progress per stage, health, what was live when, promote, pause, roll back. */
final class DeploymentsSection implements Section {

  @Override
  public String name() {
    return "deployments";
  }

  @Override
  public View page(Call c) {
    String id = c.segment(1);
    if (id == null) {
      return new View("Deployments", "", live(c), "");
    }
    ModelDeployment d = c.service.deployments().get(id);
    return new View("Deployment " + d.id(), "<p><a href=\"/deployments\">← all deployments</a></p>", live(c), "");
  }

  @Override
  public String live(Call c) {
    String id = c.segment(1);
    return id == null ? list(c) : detail(c, c.service.deployments().get(id));
  }

  @Override
  public Redirect post(Call c, Form form) {
    String id = c.segment(1);
    String action = c.segment(2);
    if (id == null || action == null) {
      throw new BadRequest("POST /deployments/{id}/promote, /pause, /resume or /rollback");
    }
    String reason = form.get("reason", action + " from the dashboard by " + c.principal.userId());
    ModelDeployment d = switch (action) {
      case "promote" -> c.service.deployments().promote(id);
      case "pause" -> c.service.deployments().pause(id, reason);
      case "resume" -> c.service.deployments().resume(id);
      case "rollback" -> c.service.deployments().rollback(id, reason);
      default -> throw new BadRequest("Unknown deployment action '" + action + "': use promote, pause, resume or rollback.");
    };
    return new Redirect("/deployments/" + Html.url(id), "Deployment " + Html.esc(id) + " is now "
        + Html.esc(d.status().wireName()) + ".");
  }

  private String list(Call c) {
    List<ModelDeployment> all = new ArrayList<>(c.service.deployments().list());
    java.util.Collections.reverse(all);
    StringBuilder b = new StringBuilder("<table id=\"deployments\"><thead><tr><th>Deployment</th><th>Model</th><th>Version</th>"
        + "<th>Target</th><th>Strategy</th><th>Status</th><th>Traffic</th><th>Updated</th></tr></thead><tbody>");
    if (all.isEmpty()) {
      b.append("<tr><td colspan=\"8\" class=\"empty\">No deployments yet.</td></tr>");
    }
    for (ModelDeployment d : all) {
      b.append("<tr><td><a href=\"/deployments/").append(Html.esc(Html.url(d.id()))).append("\">").append(Html.esc(d.id()))
          .append("</a></td><td>").append(Html.esc(d.modelId())).append("</td><td>").append(Html.esc(d.version()))
          .append("</td><td>").append(Html.esc(d.target().name())).append(" (").append(Html.esc(d.target().environment().wireName()))
          .append(")</td><td>").append(Html.esc(d.strategy() == null ? "blue_green" : d.strategy().type().wireName()))
          .append("</td><td>").append(Html.badge(d.status().wireName())).append("</td><td>").append(Html.esc(traffic(d.traffic())))
          .append("</td><td>").append(Html.esc(Html.time(d.updatedAt()))).append("</td></tr>");
    }
    return b.append("</tbody></table>").toString();
  }

  private String detail(Call c, ModelDeployment d) {
    StringBuilder b = new StringBuilder("<dl class=\"facts\">");
    b.append("<dt>Status</dt><dd id=\"deployment-status\">").append(Html.badge(d.status().wireName()))
        .append(d.reason() == null ? "" : " " + Html.esc(d.reason())).append("</dd>");
    b.append("<dt>Model</dt><dd>").append(Html.esc(d.modelId())).append(" version ").append(Html.esc(d.version()))
        .append(d.previousVersion() == null ? "" : " (replacing " + Html.esc(d.previousVersion()) + ")").append("</dd>");
    b.append("<dt>Target</dt><dd>").append(Html.esc(d.target().name())).append(", ")
        .append(Html.esc(d.target().type().wireName())).append(", ").append(Html.esc(d.target().environment().wireName()))
        .append(d.endpoint() == null ? "" : ", " + Html.esc(d.endpoint())).append("</dd>");
    b.append("<dt>Health</dt><dd id=\"health\">").append(Html.esc(health(d))).append("</dd>");
    b.append("<dt>Traffic now</dt><dd id=\"traffic\">").append(Html.esc(traffic(d.traffic()))).append("</dd></dl>");
    b.append(stages(d));
    // only the actions the deployment's state allows: promote, pause and resume move a rollout in
    // progress; roll back needs a previous version to return to
    boolean moving = d.status() == dev.modelkit.deploy.DeploymentStatus.ROLLING_OUT
        || d.status() == dev.modelkit.deploy.DeploymentStatus.PAUSED;
    boolean canRollBack = !d.status().isFinal() && d.previousVersion() != null;
    if (moving || canRollBack) {
      b.append("<div class=\"actions\">");
      String base = "/deployments/" + Html.url(d.id());
      if (moving) {
        b.append(c.button(base + "/promote", "Promote", Permission.DEPLOY, "primary", null));
        b.append(d.status() == dev.modelkit.deploy.DeploymentStatus.PAUSED
            ? c.button(base + "/resume", "Resume", Permission.DEPLOY, "", null)
            : c.button(base + "/pause", "Pause", Permission.DEPLOY, "", null));
      }
      if (canRollBack) {
        b.append(c.button(base + "/rollback", "Roll back", Permission.DEPLOY, "danger", null));
      }
      b.append("</div>");
    }
    List<TrafficChange> history = c.service.deployments().history(d.modelId());
    b.append("<h2>What was live when (").append(Html.esc(d.modelId())).append(")</h2><table id=\"history\"><thead><tr>")
        .append("<th>From</th><th>Deployment</th><th>Traffic</th><th>Why</th></tr></thead><tbody>");
    for (int i = history.size() - 1; i >= 0; i--) {
      TrafficChange t = history.get(i);
      b.append("<tr><td>").append(Html.esc(Html.time(t.time()))).append("</td><td>").append(Html.esc(t.deploymentId()))
          .append("</td><td>").append(Html.esc(traffic(t.traffic()))).append("</td><td>").append(Html.esc(t.reason()))
          .append("</td></tr>");
    }
    return b.append("</tbody></table>").toString();
  }

  private static String stages(ModelDeployment d) {
    List<CanaryStage> stages = d.strategy() == null ? List.of() : d.strategy().stages();
    StringBuilder b = new StringBuilder("<h2>Rollout</h2><ol class=\"stages\" id=\"stages\">");
    if (stages.isEmpty()) {
      b.append("<li class=\"").append(d.status() == dev.modelkit.deploy.DeploymentStatus.LIVE ? "done" : "current")
          .append("\">one step: all traffic to ").append(Html.esc(d.version())).append("</li>");
    }
    for (int i = 0; i < stages.size(); i++) {
      CanaryStage s = stages.get(i);
      String state = i < d.stage() || d.status() == dev.modelkit.deploy.DeploymentStatus.LIVE ? "done"
          : i > d.stage() ? "todo" : d.status().isFinal() ? "stopped" : "current";
      b.append("<li class=\"").append(state).append("\">").append(Html.num(s.percentage(), 0)).append("% for ")
          .append(Html.num(s.duration(), 0)).append(" s").append(s.criteria().isEmpty() ? ""
              : ", while " + Html.esc(String.join(" and ", s.criteria()))).append(" <em>").append(state).append("</em></li>");
    }
    return b.append("</ol>").toString();
  }

  private static String health(ModelDeployment d) {
    return switch (d.status()) {
      case LIVE, ROLLING_OUT -> "healthy: serving";
      case PENDING -> "checking health before taking traffic";
      case PAUSED -> "held at stage " + (d.stage() + 1);
      case FAILED -> "failed: " + (d.reason() == null ? "see the audit trail" : d.reason());
      case ROLLED_BACK -> "rolled back: " + (d.reason() == null ? "" : d.reason());
      case SUPERSEDED -> "replaced by a later deployment";
      case COMPLETED -> "finished: a batch run or edge export serves no traffic";
    };
  }

  private static String traffic(Map<String, Double> traffic) {
    if (traffic.isEmpty()) {
      return "none";
    }
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, Double> e : new TreeMap<>(traffic).entrySet()) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append("v").append(e.getKey()).append(' ').append(Html.num(e.getValue(), 0)).append('%');
    }
    return s.toString();
  }
}
