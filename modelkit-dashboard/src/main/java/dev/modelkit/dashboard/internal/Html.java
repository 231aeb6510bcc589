package dev.modelkit.dashboard.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** HTML escaping and the number and time formats every page uses. */
public final class Html {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private Html() {}

  /**
   * Escapes text for an element's content or a quoted attribute value.
   *
   * @param value any text, or null for the empty string
   * @return the escaped text
   */
  public static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String num(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String num(Double v, int decimals) {
    return v == null ? "–" : num(v.doubleValue(), decimals);
  }

  /** A figure with about four significant digits, for values from micro-costs to thousands. */
  static String figure(double v) {
    if (!Double.isFinite(v)) {
      return "–";
    }
    double a = Math.abs(v);
    int decimals = a == 0 || a >= 100 ? 1 : a >= 1 ? 3 : Math.min(8, 3 - (int) Math.floor(Math.log10(a)));
    return num(v, decimals);
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  static String time(Instant t) {
    return t == null ? "–" : TIME.format(t);
  }

  static String duration(Duration d) {
    if (d == null) {
      return "–";
    }
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return (s / 60) + " min " + (s % 60) + " s";
    }
    return (s / 3600) + " h " + ((s % 3600) / 60) + " min";
  }

  static String bytes(long n) {
    double gib = n / (1024.0 * 1024 * 1024);
    return gib >= 1 ? num(gib, 1) + " GiB" : num(n / (1024.0 * 1024), 0) + " MiB";
  }

  /** Encodes a path segment or query value. */
  static String url(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A status word as a coloured badge; the CSS class is derived from a fixed alphabet only. */
  static String badge(String word) {
    String cls = word == null ? "none" : word.toLowerCase(Locale.ROOT).replaceAll("[^a-z_]", "");
    return "<span class=\"badge b-" + cls + "\">" + esc(word) + "</span>";
  }
}
