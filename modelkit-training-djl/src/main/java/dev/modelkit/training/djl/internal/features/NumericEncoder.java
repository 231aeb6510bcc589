package dev.modelkit.training.djl.internal.features;

import dev.modelkit.training.djl.internal.data.Cells;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A numeric field: missing values imputed with the training fold's mean or median (and flagged in
 * an indicator column when the training fold had any), then standardised with the fold's mean and
 * standard deviation. Heavy right-skewed positive fields (skewness above 2) are log-transformed
 * first, which keeps a few very large amounts from dominating a linear model.
 *
 * @param field the field
 * @param log whether {@code log1p} is applied before scaling
 * @param fill the imputed value (after the log, if any)
 * @param mean the mean subtracted
 * @param std the standard deviation divided by (1 when normalisation is off or the field is
 *     constant)
 * @param missingIndicator whether a 0/1 missing flag follows
 */
public record NumericEncoder(String field, boolean log, double fill, double mean, double std, boolean missingIndicator)
    implements FieldEncoder {

  @Override
  public int width() {
    return missingIndicator ? 2 : 1;
  }

  @Override
  public List<String> featureNames() {
    List<String> n = new ArrayList<>(List.of(field));
    if (missingIndicator) {
      n.add(field + "=missing");
    }
    return n;
  }

  @Override
  public boolean continuous() {
    return true;
  }

  @Override
  public void encode(List<String> raw, float[][] out, int offset, PipelineResources resources) {
    for (int r = 0; r < raw.size(); r++) {
      String v = raw.get(r);
      boolean missing = Cells.isMissing(v);
      double x;
      if (missing) {
        x = fill;
      } else {
        try {
          x = transform(Cells.number(v));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("field '" + field + "' value '" + v + "' is not a number", e);
        }
      }
      out[r][offset] = (float) ((x - mean) / std);
      if (missingIndicator) {
        out[r][offset + 1] = missing ? 1f : 0f;
      }
    }
  }

  private double transform(double x) {
    return log ? Math.signum(x) * Math.log1p(Math.abs(x)) : x;
  }

  /**
   * Fits on training values.
   *
   * @param field the field
   * @param values the training fold's raw cells
   * @param normalize whether to standardise
   * @param median impute with the median (else the mean)
   * @return the fitted encoder
   */
  public static NumericEncoder fit(String field, List<String> values, boolean normalize, boolean median) {
    double[] xs = new double[values.size()];
    int n = 0;
    boolean anyMissing = false;
    for (String v : values) {
      if (Cells.isMissing(v)) {
        anyMissing = true;
      } else {
        xs[n++] = Cells.number(v);
      }
    }
    xs = Arrays.copyOf(xs, n);
    boolean log = n > 2 && Arrays.stream(xs).allMatch(x -> x >= 0) && skewness(xs) > 2;
    if (log) {
      for (int i = 0; i < n; i++) {
        xs[i] = Math.log1p(xs[i]);
      }
    }
    double mean = n == 0 ? 0 : Arrays.stream(xs).average().orElse(0);
    double var = 0;
    for (double x : xs) {
      var += (x - mean) * (x - mean);
    }
    double std = n > 1 ? Math.sqrt(var / (n - 1)) : 0;
    double fill;
    if (n == 0) {
      fill = 0;
    } else if (median) {
      double[] s = xs.clone();
      Arrays.sort(s);
      fill = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    } else {
      fill = mean;
    }
    if (!normalize) {
      return new NumericEncoder(field, log, fill, 0, 1, anyMissing);
    }
    return new NumericEncoder(field, log, fill, mean, std > 1e-12 ? std : 1, anyMissing);
  }

  private static double skewness(double[] xs) {
    double mean = Arrays.stream(xs).average().orElse(0);
    double m2 = 0;
    double m3 = 0;
    for (double x : xs) {
      double d = x - mean;
      m2 += d * d;
      m3 += d * d * d;
    }
    m2 /= xs.length;
    m3 /= xs.length;
    return m2 <= 0 ? 0 : m3 / Math.pow(m2, 1.5);
  }
}
