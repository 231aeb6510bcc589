package dev.modelkit.training.djl.internal.data;

import dev.modelkit.config.Violation;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The row filters of a data source. {@code date_range} keeps rows whose time field lies in a
 * window: {@code last_<n>_days|weeks|months|years} (relative to the injected clock) or {@code
 * <from>..<to>} (ISO dates, inclusive; either side may be empty). Any other key names a field and
 * keeps rows whose value equals one of the {@code |}-separated values.
 */
public final class RowFilter {
  /** The filter key for a time window. */
  public static final String DATE_RANGE = "date_range";
  private static final Pattern LAST = Pattern.compile("last_(\\d+)_(day|week|month|year)s?");

  private final String timeField;
  private final Instant from;
  private final Instant to;
  private final Map<String, Set<String>> equals;

  private RowFilter(String timeField, Instant from, Instant to, Map<String, Set<String>> equals) {
    this.timeField = timeField;
    this.from = from;
    this.to = to;
    this.equals = equals;
  }

  /**
   * Checks filter syntax without reading data.
   *
   * @param path the configuration path of the filters, for messages
   * @param filters the source's filters
   * @param timeField the field {@code date_range} applies to, or null when none is known
   * @return problems found
   */
  public static List<Violation> check(String path, Map<String, String> filters, String timeField) {
    List<Violation> out = new ArrayList<>();
    for (Map.Entry<String, String> e : filters.entrySet()) {
      if (e.getKey().equals(DATE_RANGE)) {
        if (timeField == null) {
          out.add(new Violation(path + "." + DATE_RANGE, e.getValue(),
              "apply to a datetime field: set validationConfig.timeField or type a field as datetime in the schema"));
        }
        try {
          window(e.getValue(), Clock.systemUTC());
        } catch (IllegalArgumentException ex) {
          out.add(new Violation(path + "." + DATE_RANGE, e.getValue(), ex.getMessage()));
        }
      } else if (e.getValue() == null || e.getValue().isBlank()) {
        out.add(new Violation(path + "." + e.getKey(), e.getValue(), "list the values to keep, separated by |"));
      }
    }
    return out;
  }

  /**
   * @param filters the source's filters (already checked)
   * @param timeField the field {@code date_range} applies to
   * @param clock the clock relative windows are measured from
   * @return the filter
   */
  public static RowFilter of(Map<String, String> filters, String timeField, Clock clock) {
    Instant from = null;
    Instant to = null;
    Map<String, Set<String>> eq = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> e : filters.entrySet()) {
      if (e.getKey().equals(DATE_RANGE)) {
        Instant[] w = window(e.getValue(), clock);
        from = w[0];
        to = w[1];
      } else {
        eq.put(e.getKey(), Set.of(e.getValue().split("\\|", -1)));
      }
    }
    return new RowFilter(from == null && to == null ? null : timeField, from, to, eq);
  }

  /** @return the fields the filter reads */
  public Set<String> fields() {
    Set<String> s = new java.util.LinkedHashSet<>(equals.keySet());
    if (timeField != null) {
      s.add(timeField);
    }
    return s;
  }

  /** @return whether the filter keeps every row */
  public boolean isEmpty() {
    return timeField == null && equals.isEmpty();
  }

  /**
   * @param value reads a field of the row
   * @return whether the row passes
   */
  public boolean keep(java.util.function.Function<String, String> value) {
    for (Map.Entry<String, Set<String>> e : equals.entrySet()) {
      String v = value.apply(e.getKey());
      if (v == null || !e.getValue().contains(v)) {
        return false;
      }
    }
    if (timeField != null) {
      String v = value.apply(timeField);
      if (Cells.isMissing(v)) {
        return false;
      }
      Instant t = Cells.instant(v);
      return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
    }
    return true;
  }

  private static Instant[] window(String spec, Clock clock) {
    String s = spec == null ? "" : spec.strip().toLowerCase(Locale.ROOT);
    Matcher m = LAST.matcher(s);
    if (m.matches()) {
      int n = Integer.parseInt(m.group(1));
      ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
      ZonedDateTime start = switch (m.group(2)) {
        case "day" -> now.minusDays(n);
        case "week" -> now.minusWeeks(n);
        case "month" -> now.minusMonths(n);
        default -> now.minusYears(n);
      };
      return new Instant[] {start.toInstant(), null};
    }
    int dots = s.indexOf("..");
    if (dots >= 0) {
      try {
        String a = s.substring(0, dots).strip();
        String b = s.substring(dots + 2).strip();
        Instant from = a.isEmpty() ? null : LocalDate.parse(a).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = b.isEmpty() ? null : LocalDate.parse(b).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new Instant[] {from, to};
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("use ISO dates, for example 2015-01-01..2016-12-31");
      }
    }
    throw new IllegalArgumentException("be last_<n>_days, last_<n>_weeks, last_<n>_months, last_<n>_years or <from>..<to>");
  }
}
