package dev.modelkit.core.pipeline;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) as Vixie cron
 * reads it: {@code *}, numbers, ranges {@code a-b}, lists {@code a,b}, steps {@code * /n} and
 * {@code a-b/n}, month names {@code jan..dec}, day names {@code sun..sat}, day 7 as Sunday, and
 * the macros {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}. When both
 * day-of-month and day-of-week are restricted, a day matching either is due (the POSIX rule).
 *
 * <p>Immutable and thread-safe.
 */
public final class CronExpression {
  private static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
  private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
      "nov", "dec"};
  private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  /** Four years and a day cover every combination (29 February included) of a satisfiable expression. */
  private static final int SEARCH_DAYS = 366 * 4 + 1;

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean domRestricted;
  private final boolean dowRestricted;

  private CronExpression(String text, BitSet[] fields, boolean domRestricted, boolean dowRestricted) {
    this.text = text;
    this.minutes = fields[0];
    this.hours = fields[1];
    this.daysOfMonth = fields[2];
    this.months = fields[3];
    this.daysOfWeek = fields[4];
    this.domRestricted = domRestricted;
    this.dowRestricted = dowRestricted;
  }

  /**
   * @param expression the expression
   * @return the parsed expression
   * @throws IllegalArgumentException naming the field, the bad part and what is allowed
   */
  public static CronExpression parse(String expression) {
    Objects.requireNonNull(expression, "expression");
    String trimmed = expression.trim().toLowerCase(Locale.ROOT);
    String expanded = MACROS.getOrDefault(trimmed, trimmed);
    if (expanded.startsWith("@")) {
      throw new IllegalArgumentException("cron '" + expression + "': unknown macro; use one of " + MACROS.keySet());
    }
    String[] parts = expanded.split("\\s+");
    if (parts.length != 5) {
      throw new IllegalArgumentException("cron '" + expression + "' has " + parts.length
          + " fields but needs 5: minute hour day-of-month month day-of-week (for example '0 2 * * *')");
    }
    BitSet[] f = new BitSet[5];
    f[0] = field(expression, "minute", parts[0], 0, 59, null);
    f[1] = field(expression, "hour", parts[1], 0, 23, null);
    f[2] = field(expression, "day-of-month", parts[2], 1, 31, null);
    f[3] = field(expression, "month", parts[3], 1, 12, MONTHS);
    f[4] = field(expression, "day-of-week", parts[4], 0, 7, DAYS);
    if (f[4].get(7)) {
      f[4].set(0);
      f[4].clear(7);
    }
    CronExpression c = new CronExpression(expression.trim(), f, !parts[2].startsWith("*"), !parts[4].startsWith("*"));
    if (c.next(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC"))) == null) {
      throw new IllegalArgumentException("cron '" + expression + "' never fires (day-of-month and month never meet, "
          + "for example 30 February)");
    }
    return c;
  }

  private static BitSet field(String expr, String name, String spec, int min, int max, String[] names) {
    BitSet bits = new BitSet(max + 1);
    for (String item : spec.split(",", -1)) {
      if (item.isEmpty()) {
        throw bad(expr, name, spec, "has an empty list item", min, max);
      }
      int step = 1;
      String range = item;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        step = number(expr, name, item.substring(slash + 1), null, 1, max - min + 1, min, max);
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max == 7 ? 6 : max;
      } else {
        int dash = range.indexOf('-');
        if (dash > 0) {
          lo = number(expr, name, range.substring(0, dash), names, min, max, min, max);
          hi = number(expr, name, range.substring(dash + 1), names, min, max, min, max);
          if (hi < lo) {
            throw bad(expr, name, item, "is a range whose end comes before its start", min, max);
          }
        } else {
          lo = number(expr, name, range, names, min, max, min, max);
          hi = slash >= 0 ? (max == 7 ? 6 : max) : lo;
        }
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String expr, String name, String s, String[] names, int lo, int hi, int min, int max) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(s)) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    try {
      int v = Integer.parseInt(s);
      if (v < lo || v > hi) {
        throw bad(expr, name, s, "is out of range", min, max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(expr, name, s, "is not a number" + (names == null ? "" : " or a name"), min, max);
    }
  }

  private static IllegalArgumentException bad(String expr, String name, String part, String what, int min, int max) {
    return new IllegalArgumentException("cron '" + expr + "': " + name + " '" + part + "' " + what
        + "; allowed: " + min + "-" + max + (name.equals("month") ? " or jan-dec" : "")
        + (name.equals("day-of-week") ? " or sun-sat (0 and 7 are Sunday)" : "") + ", *, lists, ranges and /steps");
  }

  /**
   * @param after a time
   * @return the first time strictly after it (to the minute) that the expression is due, in the
   *     same zone; null if there is none within four years
   */
  public ZonedDateTime next(ZonedDateTime after) {
    ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDate day = t.toLocalDate();
    LocalTime from = t.toLocalTime();
    for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1), from = LocalTime.MIDNIGHT) {
      if (!dayMatches(day)) {
        continue;
      }
      for (int h = hours.nextSetBit(from.getHour()); h >= 0; h = hours.nextSetBit(h + 1)) {
        int startMinute = h == from.getHour() ? from.getMinute() : 0;
        int m = minutes.nextSetBit(startMinute);
        if (m < 0) {
          continue;
        }
        ZonedDateTime candidate = ZonedDateTime.of(day, LocalTime.of(h, m), after.getZone());
        // A wall time skipped by a daylight-saving gap is shifted forward by the gap; still due once
        if (candidate.isAfter(after)) {
          return candidate;
        }
      }
    }
    return null;
  }

  private boolean dayMatches(LocalDate d) {
    if (!months.get(d.getMonthValue())) {
      return false;
    }
    boolean dom = daysOfMonth.get(d.getDayOfMonth());
    boolean dow = daysOfWeek.get(d.getDayOfWeek().getValue() % 7);
    if (domRestricted && dowRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }

  @Override
  public String toString() {
    return text;
  }
}
