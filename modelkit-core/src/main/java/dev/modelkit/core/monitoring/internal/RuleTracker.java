package dev.modelkit.core.monitoring.internal;

import dev.modelkit.core.monitoring.internal.MonitorState.RuleProgress;
import dev.modelkit.core.monitoring.internal.RuleExpression.MetricRef;
import dev.modelkit.monitoring.AlertRule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a model's alert rules on each closed window of one version, with for-durations and
 * cool-downs, and keeps the recent windows' metrics for the anomaly scores:
 *
 * <ul>
 *   <li>{@code zscore(m)}: the robust z-score of this window's value against the previous
 *       windows, {@code 0.6745 (x - median) / MAD} (Iglewicz and Hoaglin), with the mean absolute
 *       deviation times 1.2533 standing in when the MAD is 0;
 *   <li>{@code ewma(m)}: the deviation from the exponentially weighted moving average of the
 *       previous windows ({@code lambda = 0.3}) in units of its exponentially weighted standard
 *       deviation.
 * </ul>
 *
 * <p>Both need at least {@value #MIN_HISTORY} earlier windows with a value (until then they are
 * NaN and no comparison with them holds) and look back {@value #HISTORY} windows. Not
 * thread-safe: the engine evaluates one version's windows one at a time.
 */
public final class RuleTracker {
  /** Windows of history kept. */
  static final int HISTORY = 30;
  /** Windows needed before anomaly scores are computed. */
  static final int MIN_HISTORY = 5;
  /** Weight of the newest value in the EWMA. */
  static final double EWMA_LAMBDA = 0.3;
  /** Scores of a value that differs from a history without spread. */
  static final double NO_SPREAD_SCORE = 1e9;

  private final ArrayDeque<Map<String, Double>> history = new ArrayDeque<>();
  private final Map<String, RuleProgress> progress = new HashMap<>();

  /** A rule with its parsed condition. */
  record CompiledRule(AlertRule rule, RuleExpression expression) {
    static CompiledRule of(AlertRule rule) {
      return new CompiledRule(rule, RuleParser.parse(rule.condition()));
    }
  }

  /** A rule that fired on a window, with the value it saw. */
  record Fired(AlertRule rule, double value, long holdingSince) {}

  /**
   * @param rules the model's rules
   * @param startMillis the window's start
   * @param endMillis the window's end
   * @param metrics the window's metrics
   * @return the rules that fire on this window
   */
  synchronized List<Fired> evaluate(List<CompiledRule> rules, long startMillis, long endMillis,
      Map<String, Double> metrics) {
    RuleExpression.Metrics source = ref -> value(ref, metrics);
    List<Fired> fired = new ArrayList<>();
    for (CompiledRule r : rules) {
      RuleProgress p = progress.getOrDefault(r.rule().name(), new RuleProgress(-1, -1));
      if (r.expression().holds(source)) {
        long since = p.holdingSince() < 0 ? startMillis : p.holdingSince();
        long lastRaised = p.lastRaised();
        boolean longEnough = endMillis - since >= r.rule().forDuration().toMillis();
        boolean cooled = lastRaised < 0 || endMillis - lastRaised >= r.rule().coolDown().toMillis();
        if (longEnough && cooled) {
          lastRaised = endMillis;
          fired.add(new Fired(r.rule(), r.expression().firstValue(source), since));
        }
        progress.put(r.rule().name(), new RuleProgress(since, lastRaised));
      } else {
        progress.put(r.rule().name(), new RuleProgress(-1, p.lastRaised()));
      }
    }
    remember(metrics);
    return fired;
  }

  /** @param metrics a closed window's metrics, added to the history */
  synchronized void remember(Map<String, Double> metrics) {
    history.addLast(metrics);
    while (history.size() > HISTORY) {
      history.removeFirst();
    }
  }

  /** @return each rule's progress, for persistence */
  synchronized Map<String, RuleProgress> progress() {
    return Map.copyOf(progress);
  }

  /** @param saved progress read back after a restart */
  synchronized void restore(Map<String, RuleProgress> saved) {
    progress.putAll(saved);
  }

  double value(MetricRef ref, Map<String, Double> metrics) {
    if (ref.inner() == null) {
      Double v = metrics.get(ref.key());
      return v == null ? Double.NaN : v;
    }
    Double current = metrics.get(ref.inner().key());
    if (current == null || current.isNaN()) {
      return Double.NaN;
    }
    double[] past = history.stream().map(m -> m.get(ref.inner().key())).filter(v -> v != null && !v.isNaN())
        .mapToDouble(Double::doubleValue).toArray();
    if (past.length < MIN_HISTORY) {
      return Double.NaN;
    }
    return ref.name().equals("zscore") ? robustZ(current, past) : ewmaScore(current, past);
  }

  /**
   * @param x a value
   * @param past earlier values
   * @return the robust z-score of {@code x}
   */
  static double robustZ(double x, double[] past) {
    double med = median(past);
    double[] dev = new double[past.length];
    double meanAbs = 0;
    for (int i = 0; i < past.length; i++) {
      dev[i] = Math.abs(past[i] - med);
      meanAbs += dev[i];
    }
    meanAbs /= past.length;
    double mad = median(dev);
    if (mad > 0) {
      return 0.6745 * (x - med) / mad;
    }
    if (meanAbs > 0) {
      return (x - med) / (1.253314 * meanAbs);
    }
    return x == med ? 0 : Math.copySign(NO_SPREAD_SCORE, x - med);
  }

  /**
   * @param x a value
   * @param past earlier values, oldest first
   * @return how many exponentially weighted standard deviations {@code x} is from their EWMA
   */
  static double ewmaScore(double x, double[] past) {
    double mean = past[0];
    double variance = 0;
    for (int i = 1; i < past.length; i++) {
      double diff = past[i] - mean;
      double increment = EWMA_LAMBDA * diff;
      mean += increment;
      variance = (1 - EWMA_LAMBDA) * (variance + diff * increment);
    }
    double sd = Math.sqrt(variance);
    if (sd > 0) {
      return (x - mean) / sd;
    }
    return x == mean ? 0 : Math.copySign(NO_SPREAD_SCORE, x - mean);
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
