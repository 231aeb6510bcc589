package dev.modelkit.core.jobs;

import dev.modelkit.config.Checks;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.resources.CostReport;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.training.TrainingJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Costs and budgets per organisation. A job's cost is stored on the job; the organisation's total
 * is the sum over its jobs, read from the store once and then kept up to date in memory. Charges
 * and budget changes of one organisation are serialised on its account, so the alert for a
 * crossing is raised exactly once: when spending goes over the budget, the budget record is marked
 * {@code exceeded} in the same step, and it is cleared only when a new budget is set above the
 * spending.
 */
final class CostLedger {
  static final String ALERT_NAME = "budget_exceeded";
  private static final Logger LOG = LoggerFactory.getLogger(CostLedger.class);

  /** What is known of one organisation; every field is guarded by the account's monitor. */
  private static final class Account {
    boolean loaded;
    double total;
    OrganizationBudget budget;
    long budgetVersion;
  }

  private final MetadataStore store;
  private final JsonCodec json;
  private final Clock clock;
  private final Prices prices;
  private final Consumer<Alert> alerts;
  private final JobRecords jobs;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();

  CostLedger(MetadataStore store, JsonCodec json, Clock clock, Prices prices, Consumer<Alert> alerts, JobRecords jobs) {
    this.store = store;
    this.json = json;
    this.clock = clock;
    this.prices = prices;
    this.alerts = alerts;
    this.jobs = jobs;
  }

  Prices prices() {
    return prices;
  }

  /** @return the cost of holding {@code demand} from {@code from} to {@code to} */
  double cost(Demand demand, Instant from, Instant to) {
    return prices.cost(demand.cpu(), demand.memoryBytes(), demand.gpu(), Duration.between(from, to));
  }

  /**
   * Persists a charge through {@code write} (which stores the job with its new cost) and adds it to
   * the organisation's spending, raising the budget alert if this charge crosses the budget.
   */
  <T> T charge(String organizationId, String modelId, double amount, Supplier<T> write) {
    Account a = account(organizationId);
    Alert raised;
    T written;
    synchronized (a) {
      written = write.get();
      if (a.loaded) {
        a.total += amount;
      } else {
        load(organizationId, a);
      }
      raised = amount > 0 ? crossing(organizationId, modelId, a) : null;
    }
    send(raised);
    return written;
  }

  /**
   * Sets the budget; raises the alert at once when spending is already above it.
   *
   * @param auditor makes the audit record from the before and after JSON
   */
  OrganizationBudget setBudget(String organizationId, double amount, BiFunction<String, String, AuditDraft> auditor) {
    if (!(amount >= 0) || !Double.isFinite(amount)) {
      throw new IllegalArgumentException("budget was " + amount + " but it must be a finite amount, 0 or more, in "
          + prices.currency());
    }
    Account a = account(organizationId);
    Alert raised;
    OrganizationBudget next;
    synchronized (a) {
      ensureLoaded(organizationId, a);
      boolean over = a.total > amount;
      next = new OrganizationBudget(organizationId, amount, prices.currency(), over, clock.instant());
      String before = a.budgetVersion == 0 ? null : json.toJson(a.budget);
      String body = json.toJson(next);
      EntityRecord r = store.save(OrganizationBudget.KIND, organizationId, organizationId, next.status(), body,
          a.budgetVersion, auditor.apply(before, body));
      a.budget = next;
      a.budgetVersion = r.version();
      raised = over ? alert(organizationId, null, a) : null;
    }
    send(raised);
    return next;
  }

  /**
   * @param live the current cost of running jobs of the organisation, by job id, which replaces
   *     their stored cost
   * @return the organisation's costs
   */
  CostReport report(String organizationId, Map<String, Double> live) {
    Map<String, Double> byJob = new LinkedHashMap<>();
    for (TrainingJob j : jobs.all(organizationId)) {
      double c = live.getOrDefault(j.id(), j.cost());
      if (c > 0) {
        byJob.put(j.id(), c);
      }
    }
    live.forEach(byJob::putIfAbsent);
    double total = byJob.values().stream().mapToDouble(Double::doubleValue).sum();
    Account a = account(organizationId);
    OrganizationBudget budget;
    synchronized (a) {
      ensureLoaded(organizationId, a);
      budget = a.budget;
    }
    double limit = budget == null ? Double.NaN : budget.amount();
    return new CostReport(organizationId, prices.currency(), total, byJob, limit, budget != null && total > limit);
  }

  private Account account(String organizationId) {
    return accounts.computeIfAbsent(organizationId, k -> new Account());
  }

  private void ensureLoaded(String organizationId, Account a) {
    if (!a.loaded) {
      load(organizationId, a);
    }
  }

  private void load(String organizationId, Account a) {
    double total = 0;
    for (TrainingJob j : jobs.all(organizationId)) {
      total += j.cost();
    }
    a.total = total;
    Optional<EntityRecord> r = store.get(OrganizationBudget.KIND, organizationId, organizationId);
    a.budget = r.map(e -> json.fromJson(e.json(), OrganizationBudget.class)).orElse(null);
    a.budgetVersion = r.map(EntityRecord::version).orElse(0L);
    a.loaded = true;
  }

  /** @return the alert to raise if spending just went over a budget not yet marked exceeded */
  private Alert crossing(String organizationId, String modelId, Account a) {
    if (a.budget == null || a.budget.exceeded() || a.total <= a.budget.amount()) {
      return null;
    }
    OrganizationBudget next = new OrganizationBudget(organizationId, a.budget.amount(), a.budget.currency(), true,
        clock.instant());
    String before = json.toJson(a.budget);
    String body = json.toJson(next);
    AuditDraft audit = new AuditDraft(organizationId, JobStates.SYSTEM_USER, "budget.exceeded",
        OrganizationBudget.KIND, organizationId, before, body, spendingText(a), clock.instant());
    EntityRecord r = store.save(OrganizationBudget.KIND, organizationId, organizationId, next.status(), body,
        a.budgetVersion, audit);
    a.budget = next;
    a.budgetVersion = r.version();
    return alert(organizationId, modelId, a);
  }

  private Alert alert(String organizationId, String modelId, Account a) {
    return new Alert("alert-" + UUID.randomUUID(), organizationId, modelId, ALERT_NAME,
        "cost > " + Checks.num(a.budget.amount()) + " " + a.budget.currency(), a.total, List.of("alert"),
        clock.instant());
  }

  private String spendingText(Account a) {
    return String.format(java.util.Locale.ROOT, "Spending of %.4f %s crossed the budget of %s %s", a.total,
        prices.currency(), Checks.num(a.budget.amount()), a.budget.currency());
  }

  private void send(Alert alert) {
    if (alert == null) {
      return;
    }
    try {
      alerts.accept(alert);
    } catch (RuntimeException e) {
      LOG.warn("The alert sink failed on budget alert {} of organisation {}: {}", alert.id(), alert.organizationId(),
          e.toString());
    }
  }
}
