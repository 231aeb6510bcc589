package dev.modelkit.core.store.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Stores instants as fixed-width UTC text ({@code 2026-11-26T05:41:53.123456789Z}).
 *
 * <p>Fixed width makes text order equal time order, so range queries work with plain {@code <}
 * and {@code >=} on any SQL database; nanosecond precision makes the value read back equal to
 * the one written, which the audit chain needs because {@link Instant#toString()} is hashed; and
 * text keeps the database readable by an auditor with nothing but the {@code sqlite3} shell.
 */
public final class Timestamps {
  private static final DateTimeFormatter FIXED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private Timestamps() {}

  /**
   * @param field the name used in the error message
   * @param instant a time between the years 1 and 9999
   * @return its fixed-width text
   * @throws IllegalArgumentException if the time is outside that range
   */
  public static String format(String field, Instant instant) {
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new IllegalArgumentException(field + " was " + instant
          + " but it must be between the years 1 and 9999; pass a real clock time");
    }
    return FIXED.format(instant);
  }

  /**
   * @param text text written by {@link #format}
   * @return the instant
   */
  public static Instant parse(String text) {
    return Instant.parse(text);
  }
}
