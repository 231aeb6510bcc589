package dev.modelkit.core.monitoring.internal;

import java.util.List;

/**
 * The Page-Hinkley test for an increase of the mean (Page, "Continuous Inspection Schemes",
 * Biometrika 1954; Hinkley 1971): the cumulative deviation {@code m_t = alpha m_{t-1} + (x_t -
 * mean_t - delta)} and its running minimum {@code M_t}; a change is signalled when {@code m_t -
 * M_t > lambda}. The forgetting factor {@code alpha} (1 for the classic test) follows MOA's
 * variant. Defaults as in MOA: 30 values before testing, delta 0.005, lambda 50, alpha 0.9999.
 */
public final class PageHinkley implements ChangeDetector {
  private final int minInstances;
  private final double delta;
  private final double lambda;
  private final double alpha;
  private long n;
  private double mean;
  private double cumulative;
  private double minimum;

  /** A detector with MOA's defaults. */
  public PageHinkley() {
    this(30, 0.005, 50, 1 - 1e-4);
  }

  /**
   * @param minInstances values before testing
   * @param delta the tolerated drift of the mean
   * @param lambda the detection threshold
   * @param alpha the forgetting factor of the cumulative deviation
   */
  public PageHinkley(int minInstances, double delta, double lambda, double alpha) {
    this.minInstances = minInstances;
    this.delta = delta;
    this.lambda = lambda;
    this.alpha = alpha;
  }

  private void reset() {
    n = 0;
    mean = 0;
    cumulative = 0;
    minimum = 0;
  }

  @Override
  public String name() {
    return "page_hinkley";
  }

  @Override
  public boolean update(double x) {
    n++;
    mean += (x - mean) / n;
    cumulative = alpha * cumulative + (x - mean - delta);
    minimum = Math.min(minimum, cumulative);
    if (n < minInstances) {
      return false;
    }
    if (cumulative - minimum > lambda) {
      reset();
      return true;
    }
    return false;
  }

  @Override
  public double statistic() {
    return cumulative - minimum;
  }

  @Override
  public double threshold() {
    return lambda;
  }

  @Override
  public long seen() {
    return n;
  }

  @Override
  public List<Double> state() {
    return List.of((double) n, mean, cumulative, minimum);
  }

  @Override
  public void restore(List<Double> state) {
    n = state.get(0).longValue();
    mean = state.get(1);
    cumulative = state.get(2);
    minimum = state.get(3);
  }
}
