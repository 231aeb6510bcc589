package dev.modelkit.deployment;

import dev.modelkit.config.Checks;
import dev.modelkit.monitoring.PerformanceMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One canary criterion, parsed from the seed's notation: {@code error_rate < 0.01}, {@code
 * latency < 200ms}, {@code user_satisfaction > 4.0}.
 *
 * <p>Grammar: {@code metric op number [unit]}. Metrics: {@code error_rate}, {@code accuracy},
 * {@code user_satisfaction}, {@code throughput} (per second), {@code latency} (the 95th
 * percentile), {@code latency_mean}, {@code latency_p50}, {@code latency_p95}, {@code
 * latency_p99}. Operators: {@code < <= > >= ==}. Latency units: {@code us}, {@code ms} (the
 * default), {@code s}. The text is parsed, never evaluated as code.
 *
 * @param text the criterion as written
 * @param metric the metric name
 * @param operator the comparison
 * @param threshold the threshold, latencies in milliseconds
 */
public record Criterion(String text, String metric, String operator, double threshold) {
  private static final List<String> METRICS = List.of("error_rate", "accuracy", "user_satisfaction", "throughput",
      "latency", "latency_mean", "latency_p50", "latency_p95", "latency_p99");
  private static final Map<String, Double> UNITS = Map.of("us", 0.001, "ms", 1.0, "s", 1000.0);

  /**
   * Parses a criterion.
   *
   * @param path where it was written, for example {@code stages[1].criteria[0]}, for messages
   * @param text the criterion
   * @return the criterion
   * @throws dev.modelkit.ConfigurationException naming the path, the text, the column and what was
   *     expected there
   */
  public static Criterion parse(String path, String text) {
    Checks c = new Checks("canary criterion");
    if (text == null) {
      c.required(path, null).throwIfAny();
    }
    int[] pos = {0};
    skip(text, pos);
    int start = pos[0];
    while (pos[0] < text.length() && (Character.isLetterOrDigit(text.charAt(pos[0])) || text.charAt(pos[0]) == '_')) {
      pos[0]++;
    }
    String metric = text.substring(start, pos[0]).toLowerCase(Locale.ROOT);
    if (!METRICS.contains(metric)) {
      fail(c, path, text, start, "a metric, one of " + METRICS);
    }
    skip(text, pos);
    int opStart = pos[0];
    while (pos[0] < text.length() && "<>=!".indexOf(text.charAt(pos[0])) >= 0) {
      pos[0]++;
    }
    String op = text.substring(opStart, pos[0]);
    if (!List.of("<", "<=", ">", ">=", "==").contains(op)) {
      fail(c, path, text, opStart, "an operator: < <= > >= ==");
    }
    skip(text, pos);
    int numStart = pos[0];
    while (pos[0] < text.length() && (Character.isDigit(text.charAt(pos[0])) || ".-+eE".indexOf(text.charAt(pos[0])) >= 0)) {
      pos[0]++;
    }
    double value;
    try {
      value = Double.parseDouble(text.substring(numStart, pos[0]));
    } catch (NumberFormatException e) {
      fail(c, path, text, numStart, "a number");
      return null;
    }
    skip(text, pos);
    int unitStart = pos[0];
    String unit = text.substring(unitStart).trim().toLowerCase(Locale.ROOT);
    if (!unit.isEmpty()) {
      if (!metric.startsWith("latency") || !UNITS.containsKey(unit)) {
        fail(c, path, text, unitStart, metric.startsWith("latency") ? "a latency unit: us, ms or s" : "the end of the criterion");
      }
      value *= UNITS.get(unit);
    }
    return new Criterion(text, metric, op, value);
  }

  private static void skip(String s, int[] pos) {
    while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
      pos[0]++;
    }
  }

  private static void fail(Checks c, String path, String text, int column, String expected) {
    c.check(false, path, text, "be 'metric op number[unit]': at column " + (column + 1) + " expected " + expected);
    c.throwIfAny();
  }

  /**
   * @param m metrics of the version being judged
   * @return the value of this criterion's metric, latencies in milliseconds
   */
  public double valueOf(PerformanceMetrics m) {
    return switch (metric) {
      case "error_rate" -> m.errorRate();
      case "accuracy" -> m.accuracy();
      case "user_satisfaction" -> m.userSatisfaction();
      case "throughput" -> m.throughput();
      case "latency", "latency_p95" -> m.latency().p95();
      case "latency_mean" -> m.latency().mean();
      case "latency_p50" -> m.latency().p50();
      case "latency_p99" -> m.latency().p99();
      default -> throw new IllegalStateException("unknown metric " + metric);
    };
  }

  /**
   * @param value an observed value
   * @return whether it satisfies the criterion; NaN never does
   */
  public boolean holds(double value) {
    if (Double.isNaN(value)) {
      return false;
    }
    return switch (operator) {
      case "<" -> value < threshold;
      case "<=" -> value <= threshold;
      case ">" -> value > threshold;
      case ">=" -> value >= threshold;
      default -> value == threshold;
    };
  }

  /** @return whether larger values of the metric are worse (error rate, latency) */
  public boolean lowerIsBetter() {
    return metric.equals("error_rate") || metric.startsWith("latency");
  }

  @Override
  public String toString() {
    return text;
  }
}
