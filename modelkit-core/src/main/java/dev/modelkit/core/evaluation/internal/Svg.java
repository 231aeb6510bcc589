package dev.modelkit.core.evaluation.internal;

import java.util.List;
import java.util.Locale;

/**
 * Draws the report's charts as inline SVG: no script, no fonts or images to fetch, so the file
 * renders offline and prints. Every text is escaped.
 */
final class Svg {
  static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
  private static final int W = 420;
  private static final int H = 340;
  private static final int L = 56;
  private static final int R = 16;
  private static final int T = 30;
  private static final int B = 48;

  private Svg() {}

  /** A line of points in unit coordinates. */
  record Series(String name, List<double[]> points, String color, boolean dashed) {}

  /**
   * A chart over the unit square (rates, probabilities).
   *
   * @param id the element id
   * @param title the title
   * @param xLabel the x axis
   * @param yLabel the y axis
   * @param series the lines
   * @param markers points drawn as circles (x, y, radius in px)
   * @return the SVG element
   */
  static String unitChart(String id, String title, String xLabel, String yLabel, List<Series> series,
      List<double[]> markers) {
    StringBuilder b = open(id, W, H, title);
    axes(b, xLabel, yLabel, 0, 1);
    for (Series s : series) {
      b.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"2\"")
          .append(s.dashed() ? " stroke-dasharray=\"5,4\"" : "").append(" points=\"");
      for (double[] p : s.points()) {
        b.append(num(x(p[0]))).append(',').append(num(y(p[1], 0, 1))).append(' ');
      }
      b.append("\"><title>").append(Html.esc(s.name())).append("</title></polyline>");
    }
    if (markers != null) {
      for (double[] m : markers) {
        b.append("<circle cx=\"").append(num(x(m[0]))).append("\" cy=\"").append(num(y(m[1], 0, 1)))
            .append("\" r=\"").append(num(m[2])).append("\" fill=\"#1f77b4\" fill-opacity=\"0.55\"/>");
      }
    }
    legend(b, series);
    return b.append("</svg>").toString();
  }

  /**
   * Horizontal bars, for importances, drops and group rates.
   *
   * @param id the element id
   * @param title the title
   * @param labels one per bar
   * @param values one per bar (may be negative)
   * @param errors half-widths of error bars, or null
   * @param valueLabel what the values are
   * @return the SVG element
   */
  static String bars(String id, String title, List<String> labels, List<Double> values, List<Double> errors,
      String valueLabel) {
    int rowH = 22;
    int left = 190;
    int width = 620;
    int height = T + 20 + rowH * labels.size() + 40;
    double max = 0;
    double min = 0;
    for (int i = 0; i < values.size(); i++) {
      double e = errors == null ? 0 : errors.get(i);
      max = Math.max(max, values.get(i) + e);
      min = Math.min(min, values.get(i) - e);
    }
    if (max == min) {
      max = min + 1;
    }
    double span = max - min;
    int plotW = width - left - 70;
    StringBuilder b = open(id, width, height, title);
    double zero = left + (0 - min) / span * plotW;
    for (int i = 0; i < labels.size(); i++) {
      double v = values.get(i);
      int y = T + 20 + i * rowH;
      double x0 = left + (Math.min(0, v) - min) / span * plotW;
      double w = Math.abs(v) / span * plotW;
      b.append("<text x=\"").append(left - 6).append("\" y=\"").append(y + 15)
          .append("\" text-anchor=\"end\" font-size=\"12\">").append(Html.esc(clip(labels.get(i), 28))).append("</text>");
      b.append("<rect x=\"").append(num(x0)).append("\" y=\"").append(y + 3).append("\" width=\"")
          .append(num(Math.max(w, 0.5))).append("\" height=\"").append(rowH - 6).append("\" fill=\"")
          .append(v < 0 ? "#d62728" : "#1f77b4").append("\"><title>").append(Html.esc(labels.get(i))).append(": ")
          .append(Html.esc(fmt(v))).append("</title></rect>");
      double labelX = Math.max(zero, x0 + w);
      if (errors != null && errors.get(i) > 0) {
        double e = errors.get(i);
        double ex0 = left + (v - e - min) / span * plotW;
        double ex1 = left + (v + e - min) / span * plotW;
        b.append("<line x1=\"").append(num(ex0)).append("\" x2=\"").append(num(ex1)).append("\" y1=\"")
            .append(y + rowH / 2).append("\" y2=\"").append(y + rowH / 2).append("\" stroke=\"#333\"/>");
        labelX = Math.max(labelX, ex1);
      }
      b.append("<text x=\"").append(num(labelX + 4)).append("\" y=\"").append(y + 15)
          .append("\" font-size=\"11\" fill=\"#333\">").append(Html.esc(fmt(v))).append("</text>");
    }
    b.append("<line x1=\"").append(num(zero)).append("\" x2=\"").append(num(zero)).append("\" y1=\"").append(T + 16)
        .append("\" y2=\"").append(height - 36).append("\" stroke=\"#555\"/>");
    b.append("<text x=\"").append(left + plotW / 2).append("\" y=\"").append(height - 12)
        .append("\" text-anchor=\"middle\" font-size=\"12\">").append(Html.esc(valueLabel)).append("</text>");
    return b.append("</svg>").toString();
  }

  /**
   * Grouped vertical bars over [0, 1]: one cluster per group, one bar per measure.
   *
   * @param id the element id
   * @param title the title
   * @param groups cluster labels
   * @param measures bar names
   * @param values values[group][measure]; null draws nothing
   * @return the SVG element
   */
  static String groupedBars(String id, String title, List<String> groups, List<String> measures, Double[][] values) {
    int width = Math.max(480, L + R + groups.size() * 150);
    StringBuilder b = open(id, width, H, title);
    axesY(b, "rate", width);
    double plotW = width - L - R;
    double cluster = plotW / groups.size();
    double barW = Math.min(22, (cluster - 12) / measures.size());
    for (int g = 0; g < groups.size(); g++) {
      double cx = L + g * cluster + (cluster - barW * measures.size()) / 2;
      for (int m = 0; m < measures.size(); m++) {
        Double v = values[g][m];
        if (v == null) {
          continue;
        }
        double top = y(v, 0, 1);
        b.append("<rect x=\"").append(num(cx + m * barW)).append("\" y=\"").append(num(top)).append("\" width=\"")
            .append(num(barW - 2)).append("\" height=\"").append(num(H - B - top)).append("\" fill=\"")
            .append(PALETTE[m % PALETTE.length]).append("\"><title>").append(Html.esc(groups.get(g))).append(' ')
            .append(Html.esc(measures.get(m))).append(": ").append(fmt(v)).append("</title></rect>");
      }
      b.append("<text x=\"").append(num(L + g * cluster + cluster / 2)).append("\" y=\"").append(H - B + 16)
          .append("\" text-anchor=\"middle\" font-size=\"11\">")
          .append(Html.esc(clip(groups.get(g), Math.max(8, (int) (cluster / 6.2)))))
          .append("</text>");
    }
    for (int m = 0; m < measures.size(); m++) {
      int lx = L + 10 + m * 130;
      b.append("<rect x=\"").append(lx).append("\" y=\"").append(H - 18).append("\" width=\"10\" height=\"10\" fill=\"")
          .append(PALETTE[m % PALETTE.length]).append("\"/><text x=\"").append(lx + 14).append("\" y=\"").append(H - 9)
          .append("\" font-size=\"11\">").append(Html.esc(measures.get(m))).append("</text>");
    }
    return b.append("</svg>").toString();
  }

  /**
   * A confusion-matrix heat map, darker for larger shares of the actual class.
   *
   * @param id the element id
   * @param classes class names
   * @param counts counts[actual][predicted]
   * @return the SVG element
   */
  static String heatMap(String id, List<String> classes, List<List<Long>> counts) {
    int k = classes.size();
    int cell = Math.max(36, Math.min(90, 360 / Math.max(k, 1)));
    int left = 130;
    int top = T + 40;
    int width = Math.max(420, left + cell * k + 30);
    int height = top + cell * k + 50;
    StringBuilder b = open(id, width, height, "Confusion matrix (rows: actual, columns: predicted)");
    for (int a = 0; a < k; a++) {
      long rowSum = counts.get(a).stream().mapToLong(Long::longValue).sum();
      b.append("<text x=\"").append(left - 6).append("\" y=\"").append(top + a * cell + cell / 2 + 4)
          .append("\" text-anchor=\"end\" font-size=\"12\">").append(Html.esc(clip(classes.get(a), 18))).append("</text>");
      for (int p = 0; p < k; p++) {
        long c = counts.get(a).get(p);
        double share = rowSum == 0 ? 0 : c / (double) rowSum;
        b.append("<rect x=\"").append(left + p * cell).append("\" y=\"").append(top + a * cell).append("\" width=\"")
            .append(cell - 2).append("\" height=\"").append(cell - 2).append("\" fill=\"rgb(")
            .append(shade(share)).append(")\"><title>actual ").append(Html.esc(classes.get(a))).append(", predicted ")
            .append(Html.esc(classes.get(p))).append(": ").append(c).append("</title></rect>");
        b.append("<text x=\"").append(left + p * cell + cell / 2 - 1).append("\" y=\"").append(top + a * cell + cell / 2 + 4)
            .append("\" text-anchor=\"middle\" font-size=\"13\" fill=\"").append(share > 0.55 ? "#fff" : "#111")
            .append("\">").append(c).append("</text>");
      }
    }
    for (int p = 0; p < k; p++) {
      b.append("<text x=\"").append(left + p * cell + cell / 2).append("\" y=\"").append(top - 8)
          .append("\" text-anchor=\"middle\" font-size=\"12\">").append(Html.esc(clip(classes.get(p), 12))).append("</text>");
    }
    return b.append("</svg>").toString();
  }

  /**
   * Lines over categories (slices, folds) with a free y range.
   *
   * @param id the element id
   * @param title the title
   * @param xs category labels
   * @param series name to values (null skips a point)
   * @param yLabel the y axis
   * @return the SVG element
   */
  static String categoryLines(String id, String title, List<String> xs, java.util.Map<String, List<Double>> series,
      String yLabel) {
    double lo = series.values().stream().flatMap(List::stream).filter(v -> v != null).mapToDouble(v -> v).min()
        .orElse(0);
    double hi = series.values().stream().flatMap(List::stream).filter(v -> v != null).mapToDouble(v -> v).max()
        .orElse(1);
    double pad = Math.max((hi - lo) * 0.15, 0.02);
    lo = Math.max(0, lo - pad);
    hi = hi + pad;
    StringBuilder b = open(id, W + 120, H, title);
    int plotW = W + 120 - L - R;
    axesRange(b, yLabel, lo, hi, W + 120);
    int s = 0;
    for (java.util.Map.Entry<String, List<Double>> e : series.entrySet()) {
      String color = PALETTE[s++ % PALETTE.length];
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < xs.size(); i++) {
        Double v = e.getValue().get(i);
        if (v == null) {
          continue;
        }
        double px = L + (xs.size() == 1 ? plotW / 2.0 : i * plotW / (double) (xs.size() - 1));
        double py = y(v, lo, hi);
        pts.append(num(px)).append(',').append(num(py)).append(' ');
        b.append("<circle cx=\"").append(num(px)).append("\" cy=\"").append(num(py)).append("\" r=\"3.5\" fill=\"")
            .append(color).append("\"><title>").append(Html.esc(e.getKey())).append(' ').append(Html.esc(xs.get(i)))
            .append(": ").append(fmt(v)).append("</title></circle>");
      }
      b.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"")
          .append(pts).append("\"/>");
    }
    for (int i = 0; i < xs.size(); i++) {
      double px = L + (xs.size() == 1 ? plotW / 2.0 : i * plotW / (double) (xs.size() - 1));
      b.append("<text x=\"").append(num(px)).append("\" y=\"").append(H - B + 16)
          .append("\" text-anchor=\"middle\" font-size=\"11\">").append(Html.esc(clip(xs.get(i), 14))).append("</text>");
    }
    List<Series> legend = new java.util.ArrayList<>();
    s = 0;
    for (String name : series.keySet()) {
      legend.add(new Series(name, List.of(), PALETTE[s++ % PALETTE.length], false));
    }
    legend(b, legend);
    return b.append("</svg>").toString();
  }

  private static StringBuilder open(String id, int w, int h, String title) {
    StringBuilder b = new StringBuilder();
    b.append("<svg id=\"").append(Html.esc(id)).append("\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" ")
        .append("width=\"").append(w).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w)
        .append(' ').append(h).append("\" role=\"img\" aria-label=\"").append(Html.esc(title)).append("\">");
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    b.append("<text x=\"").append(w / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">")
        .append(Html.esc(title)).append("</text>");
    return b;
  }

  private static void axes(StringBuilder b, String xLabel, String yLabel, double lo, double hi) {
    axesRange(b, yLabel, lo, hi, W);
    for (int i = 0; i <= 5; i++) {
      double v = i / 5.0;
      b.append("<text x=\"").append(num(x(v))).append("\" y=\"").append(H - B + 16)
          .append("\" text-anchor=\"middle\" font-size=\"11\">").append(fmt1(v)).append("</text>");
    }
    b.append("<text x=\"").append(L + (W - L - R) / 2).append("\" y=\"").append(H - 12)
        .append("\" text-anchor=\"middle\" font-size=\"12\">").append(Html.esc(xLabel)).append("</text>");
  }

  private static void axesY(StringBuilder b, String yLabel, int width) {
    axesRange(b, yLabel, 0, 1, width);
  }

  private static void axesRange(StringBuilder b, String yLabel, double lo, double hi, int width) {
    b.append("<rect x=\"").append(L).append("\" y=\"").append(T).append("\" width=\"").append(width - L - R)
        .append("\" height=\"").append(H - T - B).append("\" fill=\"#fafafa\" stroke=\"#999\"/>");
    for (int i = 0; i <= 5; i++) {
      double v = lo + (hi - lo) * i / 5.0;
      double py = y(v, lo, hi);
      b.append("<line x1=\"").append(L).append("\" x2=\"").append(width - R).append("\" y1=\"").append(num(py))
          .append("\" y2=\"").append(num(py)).append("\" stroke=\"#e3e3e3\"/>");
      b.append("<text x=\"").append(L - 6).append("\" y=\"").append(num(py + 4))
          .append("\" text-anchor=\"end\" font-size=\"11\">").append(hi - lo >= 2 ? fmt1(v) : fmt(v)).append("</text>");
    }
    b.append("<text transform=\"translate(14,").append(T + (H - T - B) / 2).append(") rotate(-90)\" ")
        .append("text-anchor=\"middle\" font-size=\"12\">").append(Html.esc(yLabel)).append("</text>");
  }

  private static void legend(StringBuilder b, List<Series> series) {
    int y = T + 14;
    for (Series s : series) {
      b.append("<line x1=\"").append(L + 10).append("\" x2=\"").append(L + 30).append("\" y1=\"").append(y - 4)
          .append("\" y2=\"").append(y - 4).append("\" stroke=\"").append(s.color()).append("\" stroke-width=\"2\"")
          .append(s.dashed() ? " stroke-dasharray=\"5,4\"" : "").append("/><text x=\"").append(L + 34)
          .append("\" y=\"").append(y).append("\" font-size=\"11\">").append(Html.esc(s.name())).append("</text>");
      y += 15;
    }
  }

  private static double x(double v) {
    return L + v * (W - L - R);
  }

  private static double y(double v, double lo, double hi) {
    return H - B - (v - lo) / (hi - lo) * (H - T - B);
  }

  private static String shade(double share) {
    int r = (int) Math.round(240 - share * 210);
    int g = (int) Math.round(245 - share * 165);
    int bl = (int) Math.round(255 - share * 100);
    return r + "," + g + "," + bl;
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String fmt1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
  }
}
