package dev.modelkit.core.monitoring.internal;

import java.util.List;

/**
 * DDM, the drift detection method of Gama, Medas, Castillo and Rodrigues ("Learning with Drift
 * Detection", SBIA 2004): the running error rate {@code p} and its binomial deviation {@code s =
 * sqrt(p(1-p)/n)}; after {@code minInstances} values the minimum of {@code p + s} is remembered
 * and a change is signalled when {@code p + s >= p_min + level * s_min}. Defaults as in MOA: 30
 * values, level 3 (the warning level 2 is not used for alerts).
 */
public final class Ddm implements ChangeDetector {
  private final int minInstances;
  private final double level;
  private long n;
  private double p;
  private double s;
  private double pMin;
  private double sMin;

  /** A detector with MOA's defaults. */
  public Ddm() {
    this(30, 3.0);
  }

  /**
   * @param minInstances values before testing
   * @param level how many minimum deviations above the minimum signal a change
   */
  public Ddm(int minInstances, double level) {
    this.minInstances = minInstances;
    this.level = level;
    reset();
  }

  private void reset() {
    n = 0;
    p = 0;
    s = 0;
    pMin = Double.POSITIVE_INFINITY;
    sMin = Double.POSITIVE_INFINITY;
  }

  @Override
  public String name() {
    return "ddm";
  }

  @Override
  public boolean update(double x) {
    n++;
    p += (x - p) / n;
    s = Math.sqrt(p * (1 - p) / n);
    if (n < minInstances) {
      return false;
    }
    if (p + s <= pMin + sMin) {
      pMin = p;
      sMin = s;
    }
    if (p + s > pMin + level * sMin) {
      reset();
      return true;
    }
    return false;
  }

  @Override
  public double statistic() {
    return sMin > 0 && Double.isFinite(sMin) ? (p + s - pMin) / sMin : 0;
  }

  @Override
  public double threshold() {
    return level;
  }

  @Override
  public long seen() {
    return n;
  }

  @Override
  public List<Double> state() {
    return List.of((double) n, p, s, finite(pMin), finite(sMin));
  }

  private static double finite(double v) {
    return Double.isInfinite(v) ? -1 : v;
  }

  @Override
  public void restore(List<Double> state) {
    n = state.get(0).longValue();
    p = state.get(1);
    s = state.get(2);
    pMin = state.get(3) < 0 ? Double.POSITIVE_INFINITY : state.get(3);
    sMin = state.get(4) < 0 ? Double.POSITIVE_INFINITY : state.get(4);
  }
}
