package dev.modelkit.dashboard.internal;

import dev.modelkit.resources.CostReport;
import dev.modelkit.resources.PoolStatus;
import dev.modelkit.security.Permission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Resource utilisation: the scheduler's pool and queue, cost per job and for the organisation, budget. */
final class ResourcesSection implements Section {

  @Override
  public String name() {
    return "resources";
  }

  @Override
  public View page(Call c) {
    StringBuilder after = new StringBuilder("<h2>Budget</h2>");
    after.append("<form method=\"post\" action=\"/resources/budget\" class=\"row\">").append(c.csrfField())
        .append("<label>Budget <input name=\"amount\" type=\"number\" min=\"0\" step=\"any\" required></label>");
    boolean admin = c.can(Permission.ADMINISTER);
    after.append("<button type=\"submit\"").append(admin ? "" : " disabled title=\"needs permission 'administer'\"")
        .append(">Set budget</button></form>");
    return new View("Resource utilisation", "", live(c), after.toString());
  }

  @Override
  public String live(Call c) {
    PoolStatus pool = c.service.resources().pool();
    CostReport cost = c.service.resources().costs();
    StringBuilder b = new StringBuilder();
    b.append(Svg.bars("pool-chart", "Pool in use (% of capacity)", List.of("CPU cores", "Memory", "GPUs"),
        List.of(share(pool.cpuInUse(), pool.cpuCapacity()), share(pool.memoryInUseBytes(), pool.memoryCapacityBytes()),
            share(pool.gpuInUse(), pool.gpuCapacity())), 100, "%"));
    b.append("<dl class=\"facts\" id=\"pool\"><dt>CPU</dt><dd>").append(Html.num(pool.cpuInUse(), 1)).append(" of ")
        .append(Html.num(pool.cpuCapacity(), 1)).append(" cores</dd><dt>Memory</dt><dd>")
        .append(Html.bytes(pool.memoryInUseBytes())).append(" of ").append(Html.bytes(pool.memoryCapacityBytes()))
        .append("</dd><dt>GPUs</dt><dd>").append(Html.num(pool.gpuInUse(), 1)).append(" of ")
        .append(Html.num(pool.gpuCapacity(), 1)).append("</dd><dt>Running</dt><dd id=\"running\">")
        .append(links(pool.running())).append("</dd><dt>Queue</dt><dd id=\"queue\">").append(links(pool.queued()))
        .append("</dd></dl>");
    b.append("<h2>Cost</h2><p id=\"cost-total\">Organisation ").append(Html.esc(cost.organizationId())).append(": ")
        .append(Html.figure(cost.total())).append(' ').append(Html.esc(cost.currency()));
    if (!Double.isNaN(cost.budget())) {
      b.append(" of a budget of ").append(Html.num(cost.budget(), 2)).append(' ').append(Html.esc(cost.currency()));
      if (cost.overBudget()) {
        b.append(" <span class=\"warn\" id=\"over-budget\">over budget</span>");
      }
    } else {
      b.append(" (no budget set)");
    }
    b.append("</p>");
    List<Map.Entry<String, Double>> jobs = new ArrayList<>(cost.byJob().entrySet());
    jobs.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
    if (jobs.size() > 25) {
      jobs = jobs.subList(0, 25);
    }
    double max = jobs.isEmpty() ? 1 : jobs.get(0).getValue();
    b.append(Svg.bars("cost-chart", "Cost per job (" + cost.currency() + ")", jobs.stream().map(Map.Entry::getKey).toList(),
        jobs.stream().map(Map.Entry::getValue).toList(), max, ""));
    return b.toString();
  }

  @Override
  public Redirect post(Call c, Form form) {
    if (!"budget".equals(c.segment(1))) {
      throw new BadRequest("Only the budget is set from this page: POST /resources/budget");
    }
    double amount;
    try {
      amount = Double.parseDouble(form.get("amount", ""));
    } catch (NumberFormatException e) {
      throw new BadRequest("amount was '" + form.get("amount", "") + "' but it must be a number, 0 or more.");
    }
    c.service.resources().setBudget(amount);
    return new Redirect("/resources", "Budget set to " + Html.esc(Html.num(amount, 2)) + ".");
  }

  private static double share(double used, double capacity) {
    return capacity > 0 ? 100 * used / capacity : 0;
  }

  private static String links(List<String> jobIds) {
    if (jobIds.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    for (String id : jobIds) {
      b.append("<a href=\"/training/").append(Html.esc(Html.url(id))).append("\">").append(Html.esc(id)).append("</a> ");
    }
    return b.toString();
  }
}
