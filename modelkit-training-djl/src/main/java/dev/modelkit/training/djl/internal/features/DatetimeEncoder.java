package dev.modelkit.training.djl.internal.features;

import dev.modelkit.training.djl.internal.data.Cells;
import java.util.List;

/**
 * A date or date-time field as standardised days since the epoch; a missing value becomes the
 * training fold's mean.
 *
 * @param field the field
 * @param mean mean epoch day of the training fold
 * @param std its standard deviation in days (1 when constant)
 */
public record DatetimeEncoder(String field, double mean, double std) implements FieldEncoder {

  @Override
  public int width() {
    return 1;
  }

  @Override
  public List<String> featureNames() {
    return List.of(field);
  }

  @Override
  public boolean continuous() {
    return true;
  }

  @Override
  public void encode(List<String> raw, float[][] out, int offset, PipelineResources resources) {
    for (int r = 0; r < raw.size(); r++) {
      String v = raw.get(r);
      if (Cells.isMissing(v)) {
        out[r][offset] = 0f;
        continue;
      }
      try {
        out[r][offset] = (float) ((days(v) - mean) / std);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("field '" + field + "' value '" + v + "' is not an ISO-8601 date", e);
      }
    }
  }

  private static double days(String v) {
    return Cells.instant(v).getEpochSecond() / 86400.0;
  }

  /**
   * @param field the field
   * @param values the training fold's cells
   * @return the fitted encoder
   */
  public static DatetimeEncoder fit(String field, List<String> values) {
    double sum = 0;
    double sq = 0;
    int n = 0;
    for (String v : values) {
      if (!Cells.isMissing(v)) {
        double d = days(v);
        sum += d;
        sq += d * d;
        n++;
      }
    }
    double mean = n == 0 ? 0 : sum / n;
    double var = n > 1 ? (sq - n * mean * mean) / (n - 1) : 0;
    return new DatetimeEncoder(field, mean, var > 1e-9 ? Math.sqrt(var) : 1);
  }
}
