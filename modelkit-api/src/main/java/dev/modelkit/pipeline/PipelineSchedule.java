package dev.modelkit.pipeline;

import dev.modelkit.config.Checks;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * When a scheduled pipeline runs (the seed's {@code PipelineSchedule}).
 *
 * @param cron a five-field cron expression: minute hour day-of-month month day-of-week, with
 *     {@code *}, lists, ranges, steps and month/day names; day-of-month and day-of-week are
 *     or-ed when both are restricted, as in Vixie cron
 * @param timeZone the zone the expression is read in; UTC when null
 */
public record PipelineSchedule(String cron, String timeZone) {

  /**
   * Validates the zone (the expression itself is parsed, with a precise message, by the runtime
   * when the pipeline is created).
   *
   * @throws dev.modelkit.ConfigurationException for a blank expression or an unknown zone
   */
  public PipelineSchedule {
    Checks c = new Checks("PipelineSchedule");
    c.notBlank("cron", cron);
    c.check(timeZone == null || validZone(timeZone), "timeZone", timeZone, "be a time-zone id such as Europe/Berlin");
    c.throwIfAny();
    timeZone = timeZone == null ? "UTC" : timeZone;
  }

  private static boolean validZone(String zone) {
    try {
      ZoneId.of(zone);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }
}
