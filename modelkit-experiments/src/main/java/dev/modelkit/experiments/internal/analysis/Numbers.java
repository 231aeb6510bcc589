package dev.modelkit.experiments.internal.analysis;

import java.time.Duration;
import java.util.Locale;

/** Small helpers for turning doubles into report values and text. */
final class Numbers {

  private Numbers() {}

  static Double finiteOrNull(double d) {
    return Double.isFinite(d) ? d : null;
  }

  static boolean allFinite(double... values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  static String fmt(double d) {
    if (d == 0) {
      return "0";
    }
    double a = Math.abs(d);
    if (a >= 1e5 || a < 1e-3) {
      return String.format(Locale.ROOT, "%.3g", d);
    }
    return String.format(Locale.ROOT, "%.4f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  static String signed(double d) {
    return (d > 0 ? "+" : "") + fmt(d);
  }

  static String units(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String duration(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 120) {
      return minutes + " minutes";
    }
    double hours = minutes / 60.0;
    if (hours < 72) {
      return String.format(Locale.ROOT, "%.1f hours", hours);
    }
    return String.format(Locale.ROOT, "%.1f days", hours / 24);
  }
}
