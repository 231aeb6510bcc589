package dev.modelkit.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The five-field cron parser: next due times worked out by hand from a calendar, and errors. */
class CronExpressionTest {
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static ZonedDateTime t(String iso) {
    return ZonedDateTime.parse(iso + "Z[UTC]");
  }

  private static String next(String cron, String after) {
    return CronExpression.parse(cron).next(t(after)).toLocalDateTime().toString();
  }

  @Test
  void nextDueTimes() {
    assertEquals("2025-03-04T02:00", next("0 2 * * *", "2025-03-03T02:00:00"), "strictly after");
    assertEquals("2025-03-03T02:00", next("0 2 * * *", "2025-03-03T01:59:59"));
    assertEquals("2025-03-03T10:15", next("*/15 * * * *", "2025-03-03T10:01:00"));
    assertEquals("2025-03-03T11:05", next("5-59/20 * * * *", "2025-03-03T10:45:00"));
    // 2025-03-03 is a Monday; the next Friday 18:30 is 7 March
    assertEquals("2025-03-07T18:30", next("30 18 * * fri", "2025-03-03T12:00:00"));
    assertEquals("2025-03-09T00:00", next("0 0 * * 7", "2025-03-03T12:00:00"), "7 is Sunday");
    assertEquals("2025-03-04T09:00", next("0 9 * * mon-fri", "2025-03-03T09:00:00"));
    assertEquals("2025-03-10T09:00", next("0 9 * * 1-5", "2025-03-07T09:00:00"), "over the weekend");
    assertEquals("2025-06-01T00:00", next("@monthly", "2025-05-31T23:59:00"));
    assertEquals("2026-01-01T00:00", next("@yearly", "2025-01-01T00:00:00"));
    assertEquals("2028-02-29T12:00", next("0 12 29 feb *", "2025-03-01T00:00:00"), "the next leap day");
    assertEquals("2025-04-30T00:00", next("0 0 31,30 4 *", "2025-04-01T00:00:00"), "April has no 31st");
    // day-of-month and day-of-week both restricted: either matches (the 13th, or any Friday)
    assertEquals("2025-06-06T00:00", next("0 0 13 * fri", "2025-06-01T00:00:00"));
    assertEquals("2025-06-13T00:00", next("0 0 13 * fri", "2025-06-06T00:00:00"));
    assertEquals("2025-12-31T23:59", next("59 23 31 dec *", "2025-01-01T00:00:00"));
  }

  @Test
  void timeZonesAndDaylightSavingGaps() {
    CronExpression c = CronExpression.parse("30 2 * * *");
    ZonedDateTime berlin = ZonedDateTime.of(2025, 3, 29, 12, 0, 0, 0, ZoneId.of("Europe/Berlin"));
    // 02:30 does not exist on 30 March 2025 in Berlin (clocks jump 02:00 -> 03:00): it runs once, at 03:30
    assertEquals("2025-03-30T03:30+02:00[Europe/Berlin]", c.next(berlin).toString());
    assertEquals("2025-03-31T02:30+02:00[Europe/Berlin]", c.next(c.next(berlin)).toString());
  }

  @Test
  void errorsNameTheFieldAndWhatIsAllowed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 2 * *"));
    assertEquals("cron '0 2 * *' has 4 fields but needs 5: minute hour day-of-month month day-of-week (for example "
        + "'0 2 * * *')", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("60 * * * *"));
    assertTrue(e.getMessage().contains("minute '60' is out of range; allowed: 0-59"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 0 * foo *"));
    assertTrue(e.getMessage().contains("month 'foo' is not a number or a name; allowed: 1-12 or jan-dec"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 0 5-1 * *"));
    assertTrue(e.getMessage().contains("is a range whose end comes before its start"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 0 30 2 *"));
    assertTrue(e.getMessage().contains("never fires"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("*/0 * * * *"));
    assertTrue(e.getMessage().contains("'0' is out of range"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("@fortnightly"));
    assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("1,,2 * * * *"));
    assertEquals(UTC, CronExpression.parse("0 0 * * *").next(t("2025-01-01T00:00:00")).getZone());
  }
}
