package dev.modelkit.training.djl.internal.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/** Parsing of single cell values, shared by training and inference so that both read alike. */
public final class Cells {
  private static final Set<String> MISSING = Set.of("", "?", "na", "n/a", "null", "none_value", "nan");

  private Cells() {}

  /**
   * @param raw a cell as read
   * @return whether it stands for a missing value (null, blank, ?, NA, N/A, null, NaN)
   */
  public static boolean isMissing(String raw) {
    return raw == null || MISSING.contains(raw.strip().toLowerCase(Locale.ROOT));
  }

  /**
   * @param raw a cell that is not missing
   * @return its number
   * @throws NumberFormatException if it is not a finite number
   */
  public static double number(String raw) {
    double d = Double.parseDouble(raw.strip());
    if (!Double.isFinite(d)) {
      throw new NumberFormatException("not finite");
    }
    return d;
  }

  /**
   * @param raw a cell
   * @return whether it parses as a finite number
   */
  public static boolean isNumber(String raw) {
    try {
      number(raw);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * @param raw true/false, yes/no, 1/0, y/n (any case)
   * @return the boolean
   * @throws IllegalArgumentException for anything else
   */
  public static boolean bool(String raw) {
    switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "y", "t":
        return true;
      case "false", "no", "0", "n", "f":
        return false;
      default:
        throw new IllegalArgumentException("not a boolean");
    }
  }

  /**
   * @param raw a cell
   * @return whether it is a boolean spelling
   */
  public static boolean isBool(String raw) {
    try {
      bool(raw);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * @param raw an ISO-8601 date ({@code 2016-03-01}), local date-time or offset date-time
   * @return the instant (dates and local date-times are taken as UTC)
   * @throws DateTimeParseException if it is none of those
   */
  public static Instant instant(String raw) {
    String s = raw.strip();
    if (s.length() == 10) {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    }
  }

  /**
   * @param raw a cell
   * @return whether it is an ISO-8601 date or date-time
   */
  public static boolean isInstant(String raw) {
    try {
      instant(raw);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /**
   * @param value a value from a prediction request: String, Number, Boolean or null
   * @return the same value as a cell string, null when missing
   */
  public static String fromObject(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Double d && (d.isNaN())) {
      return null;
    }
    if (value instanceof Float f && f.isNaN()) {
      return null;
    }
    return value.toString();
  }
}
