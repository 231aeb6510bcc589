package dev.modelkit.core.monitoring.internal;

import dev.modelkit.ConfigurationException;
import dev.modelkit.config.Violation;
import dev.modelkit.core.monitoring.internal.RuleExpression.MetricRef;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses alert-rule conditions by recursive descent over this grammar (keywords in any case):
 *
 * <pre>
 * condition  := or
 * or         := and ( "or" and )*
 * and        := unary ( "and" unary )*
 * unary      := "not" unary | "(" or ")" | comparison
 * comparison := metric ( "&gt;" | "&gt;=" | "&lt;" | "&lt;=" | "==" | "!=" ) number [ unit ]
 * metric     := name | name "(" argument ")" | ("zscore" | "ewma") "(" metric ")"
 * unit       := "ms" | "s" | "%"
 * </pre>
 *
 * <p>Units convert the number to the metric's own unit: latencies are in milliseconds, so {@code
 * 0.2s} means 200; {@code %} divides by 100 and applies to ratios. A condition that does not
 * parse is rejected with the column of the first problem and a caret under it.
 */
public final class RuleParser {
  /** Metric kinds, for unit checks. */
  enum Kind { LATENCY, RATIO, OTHER }

  /** Metrics without an argument and their kinds. */
  static final Map<String, Kind> METRICS = Map.ofEntries(
      Map.entry("predictions", Kind.OTHER), Map.entry("errors", Kind.OTHER), Map.entry("error_rate", Kind.RATIO),
      Map.entry("throughput", Kind.OTHER), Map.entry("latency_mean", Kind.LATENCY),
      Map.entry("latency_p50", Kind.LATENCY), Map.entry("latency_p95", Kind.LATENCY),
      Map.entry("latency_p99", Kind.LATENCY), Map.entry("latency_max", Kind.LATENCY),
      Map.entry("accuracy", Kind.RATIO), Map.entry("precision", Kind.RATIO), Map.entry("recall", Kind.RATIO),
      Map.entry("f1", Kind.RATIO), Map.entry("labelled", Kind.OTHER), Map.entry("user_satisfaction", Kind.OTHER),
      Map.entry("cpu", Kind.RATIO), Map.entry("heap_used", Kind.OTHER), Map.entry("heap_used_ratio", Kind.RATIO),
      Map.entry("drift_share", Kind.RATIO), Map.entry("dataset_drift", Kind.OTHER),
      Map.entry("concept_drift", Kind.OTHER));

  /** Functions of a feature, detector or business metric name, and their kinds. */
  static final Map<String, Kind> FUNCTIONS = Map.of(
      "psi", Kind.OTHER, "drift", Kind.OTHER, "drifted", Kind.OTHER, "pvalue", Kind.RATIO,
      "concept_drift", Kind.OTHER, "business", Kind.OTHER);

  /** Anomaly scores over another metric's recent windows. */
  static final Set<String> ANOMALY = Set.of("zscore", "ewma");

  private final String text;
  private int pos;

  private RuleParser(String text) {
    this.text = text;
  }

  /**
   * @param condition the condition text
   * @return the parsed expression
   * @throws ConfigurationException naming the column of the first problem
   */
  public static RuleExpression parse(String condition) {
    if (condition == null || condition.isBlank()) {
      throw fail(condition, 0, "a condition such as 'error_rate > 0.05'");
    }
    RuleParser p = new RuleParser(condition);
    RuleExpression e = p.or();
    p.skipSpaces();
    if (p.pos < condition.length()) {
      throw fail(condition, p.pos, "'and', 'or' or the end of the condition, but found '" + p.rest() + "'");
    }
    return e;
  }

  /**
   * @param expression a parsed condition
   * @return every metric it reads (anomaly scores and the metrics beneath them)
   */
  public static List<MetricRef> metrics(RuleExpression expression) {
    java.util.ArrayList<MetricRef> out = new java.util.ArrayList<>();
    collect(expression, out);
    return out;
  }

  private static void collect(RuleExpression e, List<MetricRef> out) {
    if (e instanceof RuleExpression.Comparison c) {
      out.add(c.metric());
    } else if (e instanceof RuleExpression.And a) {
      collect(a.left(), out);
      collect(a.right(), out);
    } else if (e instanceof RuleExpression.Or o) {
      collect(o.left(), out);
      collect(o.right(), out);
    } else if (e instanceof RuleExpression.Not n) {
      collect(n.operand(), out);
    }
  }

  private RuleExpression or() {
    RuleExpression left = and();
    while (keyword("or")) {
      left = new RuleExpression.Or(left, and());
    }
    return left;
  }

  private RuleExpression and() {
    RuleExpression left = unary();
    while (keyword("and")) {
      left = new RuleExpression.And(left, unary());
    }
    return left;
  }

  private RuleExpression unary() {
    if (keyword("not")) {
      return new RuleExpression.Not(unary());
    }
    skipSpaces();
    if (peek() == '(') {
      pos++;
      RuleExpression inner = or();
      expect(')', "')' to close the '('");
      return inner;
    }
    return comparison();
  }

  private RuleExpression comparison() {
    skipSpaces();
    int metricAt = pos;
    MetricRef metric = metric();
    Kind kind = kindOf(metric);
    skipSpaces();
    int opAt = pos;
    String op = operator();
    if (op == null) {
      throw fail(text, opAt, "a comparison operator (>, >=, <, <=, ==, !=) after '" + metric.key() + "'"
          + (atEnd() ? " but the condition ends there" : " but found '" + rest() + "'"));
    }
    skipSpaces();
    int numberAt = pos;
    double number = number(op);
    int unitAt = pos;
    String unit = unit();
    if (unit != null) {
      number = applyUnit(number, unit, kind, metric, metricAt, unitAt);
    }
    assert numberAt >= 0;
    return new RuleExpression.Comparison(metric, op, number);
  }

  private double applyUnit(double number, String unit, Kind kind, MetricRef metric, int metricAt, int unitAt) {
    switch (unit) {
      case "ms", "s" -> {
        if (kind != Kind.LATENCY) {
          throw fail(text, unitAt, "no time unit after a number compared with '" + metric.key()
              + "', which is not a latency (time units apply to latency_mean, latency_p50, latency_p95, latency_p99,"
              + " latency_max)");
        }
        return unit.equals("s") ? number * 1000 : number;
      }
      case "%" -> {
        if (kind != Kind.RATIO) {
          throw fail(text, unitAt, "no '%' after a number compared with '" + metric.key() + "', which is not a ratio");
        }
        return number / 100;
      }
      default -> throw fail(text, unitAt, "a unit ms, s or %");
    }
  }

  private MetricRef metric() {
    int at = pos;
    String name = identifier();
    if (name == null) {
      throw fail(text, at, "a metric name such as error_rate, latency_p99 or psi(feature)"
          + (atEnd() ? " but the condition ends there" : " but found '" + rest() + "'"));
    }
    String lower = name.toLowerCase(Locale.ROOT);
    skipSpaces();
    if (peek() == '(') {
      pos++;
      skipSpaces();
      if (ANOMALY.contains(lower)) {
        int innerAt = pos;
        MetricRef inner = metric();
        if (inner.inner() != null) {
          throw fail(text, innerAt, "a plain metric inside " + lower + "(...), not another anomaly score");
        }
        expect(')', "')' to close " + lower + "(");
        return new MetricRef(lower, null, inner);
      }
      if (!FUNCTIONS.containsKey(lower)) {
        throw fail(text, at, "a function of a feature (" + new TreeSet<>(FUNCTIONS.keySet()) + ") or an anomaly "
            + "score (zscore, ewma), but found '" + name + "('");
      }
      int argAt = pos;
      String argument = argument();
      if (argument == null) {
        throw fail(text, argAt, "a feature, detector or metric name inside " + lower + "(...)");
      }
      expect(')', "')' to close " + lower + "(");
      return new MetricRef(lower, argument, null);
    }
    if (!METRICS.containsKey(lower)) {
      throw fail(text, at, "a known metric (" + new TreeSet<>(METRICS.keySet()) + ", or psi(feature), "
          + "drift(feature), drifted(feature), pvalue(feature), concept_drift(detector), business(name), "
          + "zscore(metric), ewma(metric)), but found '" + name + "'");
    }
    return new MetricRef(lower, null, null);
  }

  private static Kind kindOf(MetricRef m) {
    if (m.inner() != null) {
      return Kind.OTHER;
    }
    return m.argument() == null ? METRICS.get(m.name()) : FUNCTIONS.get(m.name());
  }

  private String identifier() {
    int start = pos;
    if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
      while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      return text.substring(start, pos);
    }
    return null;
  }

  private String argument() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) != ')' && text.charAt(pos) != '(' && !Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    String arg = text.substring(start, pos);
    skipSpaces();
    return arg.isEmpty() ? null : arg;
  }

  private String operator() {
    for (String op : new String[] {">=", "<=", "==", "!=", ">", "<"}) {
      if (text.startsWith(op, pos)) {
        pos += op.length();
        return op;
      }
    }
    return null;
  }

  private double number(String op) {
    int start = pos;
    if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
      pos++;
    }
    int digits = 0;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
      digits++;
    }
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
        digits++;
      }
    }
    if (digits > 0 && pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
        pos++;
      }
      int exp = 0;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
        exp++;
      }
      if (exp == 0) {
        pos = save;
      }
    }
    if (digits == 0) {
      pos = start;
      throw fail(text, start, "a number after '" + op + "'" + (atEnd() ? " but the condition ends there"
          : " but found '" + rest() + "'"));
    }
    return Double.parseDouble(text.substring(start, pos));
  }

  private String unit() {
    int beforeSpaces = pos;
    skipSpaces();
    if (pos >= text.length() || text.charAt(pos) == ')') {
      pos = beforeSpaces;
      return null;
    }
    for (String u : new String[] {"ms", "s", "%"}) {
      if (text.startsWith(u, pos) && (pos + u.length() >= text.length()
          || !Character.isLetterOrDigit(text.charAt(pos + u.length())))) {
        pos += u.length();
        return u;
      }
    }
    if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
      int at = pos;
      String word = identifier();
      if (word.equalsIgnoreCase("and") || word.equalsIgnoreCase("or")) {
        pos = beforeSpaces;
        return null;
      }
      throw fail(text, at, "a unit ms, s or % (or 'and', 'or', ')' or the end) after the number, but found '" + word + "'");
    }
    pos = beforeSpaces;
    return null;
  }

  private boolean keyword(String word) {
    skipSpaces();
    int end = pos + word.length();
    if (end <= text.length() && text.regionMatches(true, pos, word, 0, word.length())
        && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) != '_')) {
      pos = end;
      return true;
    }
    return false;
  }

  private void expect(char c, String what) {
    skipSpaces();
    if (peek() != c) {
      throw fail(text, pos, what + (atEnd() ? " but the condition ends there" : " but found '" + rest() + "'"));
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private String rest() {
    String r = text.substring(pos);
    return r.length() > 20 ? r.substring(0, 20) + "..." : r;
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private static ConfigurationException fail(String text, int index, String expected) {
    String shown = text == null ? "" : text;
    String caret = " ".repeat(Math.max(0, index)) + "^";
    return new ConfigurationException("AlertRule.condition", List.of(new Violation("condition", shown,
        "parse: at column " + (index + 1) + ", expected " + expected + "\n      " + shown + "\n      " + caret)));
  }
}
