package dev.modelkit.dashboard.internal;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts drawn on the server: line charts for curves, horizontal bars for shares and
 * interval plots for effects. Colours and sizes come from presentation attributes, so the page's
 * content security policy needs no inline styles.
 */
final class Svg {
  private static final String[] COLOURS = {"#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2"};
  private static final int W = 640;
  private static final int H = 220;
  private static final int PAD_L = 48;
  private static final int PAD_B = 28;
  private static final int PAD_T = 12;
  private static final int PAD_R = 12;

  /**
   * A named series of y values over x values.
   *
   * @param name legend label
   * @param xs x values
   * @param ys y values, NaN for gaps
   */
  record Series(String name, double[] xs, double[] ys) {}

  private Svg() {}

  static String lineChart(String id, String title, String xLabel, List<Series> series) {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    int points = 0;
    for (Series s : series) {
      for (int i = 0; i < s.xs().length; i++) {
        if (Double.isFinite(s.ys()[i])) {
          minX = Math.min(minX, s.xs()[i]);
          maxX = Math.max(maxX, s.xs()[i]);
          minY = Math.min(minY, s.ys()[i]);
          maxY = Math.max(maxY, s.ys()[i]);
          points++;
        }
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("<figure class=\"chart\"><figcaption>").append(Html.esc(title)).append("</figcaption>");
    b.append("<svg id=\"").append(Html.esc(id)).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H)
        .append("\" width=\"100%\" role=\"img\" aria-label=\"").append(Html.esc(title)).append("\" data-points=\"")
        .append(points).append("\">");
    if (points == 0) {
      b.append("<text x=\"").append(W / 2).append("\" y=\"").append(H / 2)
          .append("\" text-anchor=\"middle\" fill=\"#6b7280\">no points yet</text></svg></figure>");
      return b.toString();
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    if (maxY == minY) {
      maxY = minY + Math.max(1e-9, Math.abs(minY) * 0.1 + 1e-3);
    }
    axes(b, minX, maxX, minY, maxY, xLabel);
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      String colour = COLOURS[k % COLOURS.length];
      StringBuilder d = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < s.xs().length; i++) {
        if (!Double.isFinite(s.ys()[i])) {
          pen = false;
          continue;
        }
        d.append(pen ? 'L' : 'M').append(fmt(px(s.xs()[i], minX, maxX))).append(',')
            .append(fmt(py(s.ys()[i], minY, maxY)));
        pen = true;
      }
      b.append("<path class=\"series\" data-series=\"").append(Html.esc(s.name())).append("\" d=\"").append(d)
          .append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.8\"/>");
      b.append("<text x=\"").append(PAD_L + 8 + 140 * k).append("\" y=\"").append(PAD_T + 10).append("\" fill=\"")
          .append(colour).append("\" font-size=\"12\">").append(Html.esc(s.name())).append("</text>");
    }
    b.append("</svg></figure>");
    return b.toString();
  }

  /** Horizontal bars, one per label, scaled to {@code max}. */
  static String bars(String id, String title, List<String> labels, List<Double> values, double max, String unit) {
    int rowH = 22;
    int h = Math.max(1, labels.size()) * rowH + 8;
    StringBuilder b = new StringBuilder();
    b.append("<figure class=\"chart\"><figcaption>").append(Html.esc(title)).append("</figcaption>");
    b.append("<svg id=\"").append(Html.esc(id)).append("\" viewBox=\"0 0 ").append(W).append(' ').append(h)
        .append("\" width=\"100%\" role=\"img\" aria-label=\"").append(Html.esc(title)).append("\">");
    double scale = max > 0 ? max : 1;
    for (int i = 0; i < labels.size(); i++) {
      double v = values.get(i);
      double w = Double.isFinite(v) ? Math.max(0, Math.min(1, v / scale)) * (W - 360) : 0;
      int y = 4 + i * rowH;
      b.append("<text x=\"4\" y=\"").append(y + 15).append("\" font-size=\"12\" fill=\"#111827\">")
          .append(Html.esc(clip(labels.get(i), 36))).append("</text>");
      b.append("<rect x=\"260\" y=\"").append(y + 3).append("\" width=\"").append(fmt(w)).append("\" height=\"16\" fill=\"")
          .append(COLOURS[0]).append("\"/>");
      b.append("<text x=\"").append(fmt(266 + w)).append("\" y=\"").append(y + 15).append("\" font-size=\"12\" fill=\"#374151\">")
          .append(Html.esc(Html.figure(v) + unit)).append("</text>");
    }
    b.append("</svg></figure>");
    return b.toString();
  }

  /** Confidence intervals of effects around zero, one row per label. */
  static String intervals(String id, String title, List<String> labels, double[] mid, double[] lo, double[] hi) {
    double span = 1e-9;
    for (int i = 0; i < labels.size(); i++) {
      span = Math.max(span, Math.max(Math.abs(finite(lo[i])), Math.abs(finite(hi[i]))));
    }
    span *= 1.1;
    int rowH = 26;
    int h = Math.max(1, labels.size()) * rowH + 24;
    int x0 = 200;
    int x1 = W - 20;
    StringBuilder b = new StringBuilder();
    b.append("<figure class=\"chart\"><figcaption>").append(Html.esc(title)).append("</figcaption>");
    b.append("<svg id=\"").append(Html.esc(id)).append("\" viewBox=\"0 0 ").append(W).append(' ').append(h)
        .append("\" width=\"100%\" role=\"img\" aria-label=\"").append(Html.esc(title)).append("\">");
    double zero = (x0 + x1) / 2.0;
    b.append("<line x1=\"").append(fmt(zero)).append("\" y1=\"0\" x2=\"").append(fmt(zero)).append("\" y2=\"")
        .append(h - 18).append("\" stroke=\"#9ca3af\" stroke-dasharray=\"4 3\"/>");
    b.append("<text x=\"").append(fmt(zero)).append("\" y=\"").append(h - 4)
        .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#6b7280\">0 (±").append(Html.esc(Html.num(span, 4)))
        .append(")</text>");
    for (int i = 0; i < labels.size(); i++) {
      int y = 14 + i * rowH;
      b.append("<text x=\"4\" y=\"").append(y + 4).append("\" font-size=\"12\" fill=\"#111827\">")
          .append(Html.esc(clip(labels.get(i), 30))).append("</text>");
      if (!Double.isFinite(mid[i])) {
        continue;
      }
      double xl = zero + finite(lo[i]) / span * (x1 - zero);
      double xh = zero + finite(hi[i]) / span * (x1 - zero);
      double xm = zero + mid[i] / span * (x1 - zero);
      b.append("<line x1=\"").append(fmt(xl)).append("\" y1=\"").append(y).append("\" x2=\"").append(fmt(xh))
          .append("\" y2=\"").append(y).append("\" stroke=\"").append(COLOURS[0]).append("\" stroke-width=\"3\"/>");
      b.append("<circle cx=\"").append(fmt(xm)).append("\" cy=\"").append(y).append("\" r=\"4\" fill=\"")
          .append(COLOURS[1]).append("\"/>");
    }
    b.append("</svg></figure>");
    return b.toString();
  }

  private static void axes(StringBuilder b, double minX, double maxX, double minY, double maxY, String xLabel) {
    b.append("<line x1=\"").append(PAD_L).append("\" y1=\"").append(H - PAD_B).append("\" x2=\"").append(W - PAD_R)
        .append("\" y2=\"").append(H - PAD_B).append("\" stroke=\"#9ca3af\"/>");
    b.append("<line x1=\"").append(PAD_L).append("\" y1=\"").append(PAD_T).append("\" x2=\"").append(PAD_L)
        .append("\" y2=\"").append(H - PAD_B).append("\" stroke=\"#9ca3af\"/>");
    for (int i = 0; i <= 4; i++) {
      double v = minY + (maxY - minY) * i / 4;
      double y = py(v, minY, maxY);
      b.append("<text x=\"").append(PAD_L - 4).append("\" y=\"").append(fmt(y + 4))
          .append("\" text-anchor=\"end\" font-size=\"10\" fill=\"#6b7280\">").append(Html.num(v, 3)).append("</text>");
    }
    b.append("<text x=\"").append(PAD_L).append("\" y=\"").append(H - 8).append("\" font-size=\"10\" fill=\"#6b7280\">")
        .append(Html.esc(Html.num(minX, 0))).append("</text>");
    b.append("<text x=\"").append(W - PAD_R).append("\" y=\"").append(H - 8)
        .append("\" text-anchor=\"end\" font-size=\"10\" fill=\"#6b7280\">").append(Html.esc(Html.num(maxX, 0)))
        .append("</text>");
    b.append("<text x=\"").append((W + PAD_L) / 2).append("\" y=\"").append(H - 8)
        .append("\" text-anchor=\"middle\" font-size=\"10\" fill=\"#6b7280\">").append(Html.esc(xLabel)).append("</text>");
  }

  private static double px(double x, double minX, double maxX) {
    return PAD_L + (x - minX) / (maxX - minX) * (W - PAD_L - PAD_R);
  }

  private static double py(double y, double minY, double maxY) {
    return H - PAD_B - (y - minY) / (maxY - minY) * (H - PAD_B - PAD_T);
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String clip(String s, int n) {
    return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
