package dev.modelkit.experiments.internal.stats;

/**
 * Streaming sufficient statistics of one metric in one variant: count, mean and sum of squared
 * deviations of the observation y (Welford's update, stable where sum and sum-of-squares would
 * cancel), and the same for a second value x (a ratio's denominator or a CUPED covariate) with
 * the x-y co-moment, over the observations that had an x.
 *
 * <p>Memory is constant whatever the traffic. Not thread-safe: the owner serialises updates.
 */
public final class Moments {
  private long n;
  private double meanY;
  private double m2Y;
  private long nX;
  private double meanYx;
  private double meanX;
  private double m2X;
  private double cXY;

  /** Creates empty statistics. */
  public Moments() {}

  private Moments(long n, double meanY, double m2Y, long nX, double meanYx, double meanX, double m2X, double cXY) {
    this.n = n;
    this.meanY = meanY;
    this.m2Y = m2Y;
    this.nX = nX;
    this.meanYx = meanYx;
    this.meanX = meanX;
    this.m2X = m2X;
    this.cXY = cXY;
  }

  /**
   * Restores statistics from their stored fields.
   *
   * @param n observations
   * @param meanY mean of y
   * @param m2Y sum of squared deviations of y
   * @param nX observations with x
   * @param meanYx mean of y over those
   * @param meanX mean of x
   * @param m2X sum of squared deviations of x
   * @param cXY co-moment of x and y
   * @return the statistics
   */
  public static Moments of(long n, double meanY, double m2Y, long nX, double meanYx, double meanX, double m2X, double cXY) {
    return new Moments(n, meanY, m2Y, nX, meanYx, meanX, m2X, cXY);
  }

  /**
   * Adds an observation without x.
   *
   * @param y the value
   */
  public void add(double y) {
    n++;
    double d = y - meanY;
    meanY += d / n;
    m2Y += d * (y - meanY);
  }

  /**
   * Adds an observation with x.
   *
   * @param y the value
   * @param x the denominator or covariate
   */
  public void add(double y, double x) {
    add(y);
    nX++;
    double dx = x - meanX;
    double dy = y - meanYx;
    meanX += dx / nX;
    meanYx += dy / nX;
    m2X += dx * (x - meanX);
    cXY += dx * (y - meanYx);
  }

  /**
   * @param zeros number of units without an event, counted as y = 0 without x
   * @return a copy including them (used for binary and count metrics, where a silent unit
   *     converted nothing)
   */
  public Moments withZeros(long zeros) {
    if (zeros <= 0) {
      return copy();
    }
    long total = n + zeros;
    double newMean = meanY * n / total;
    double newM2 = m2Y + meanY * meanY * n * (double) zeros / total;
    return new Moments(total, newMean, newM2, nX, meanYx, meanX, m2X, cXY);
  }

  /**
   * Chan et al.'s parallel merge.
   *
   * @param other statistics of a disjoint set of observations
   * @return the statistics of both sets
   */
  public Moments merge(Moments other) {
    Moments r = copy();
    if (other.n == 0) {
      return r;
    }
    if (n == 0) {
      return other.copy();
    }
    long total = n + other.n;
    double d = other.meanY - meanY;
    r.n = total;
    r.meanY = meanY + d * other.n / total;
    r.m2Y = m2Y + other.m2Y + d * d * n * (double) other.n / total;
    if (other.nX > 0) {
      if (nX == 0) {
        r.nX = other.nX;
        r.meanYx = other.meanYx;
        r.meanX = other.meanX;
        r.m2X = other.m2X;
        r.cXY = other.cXY;
      } else {
        long tx = nX + other.nX;
        double dx = other.meanX - meanX;
        double dy = other.meanYx - meanYx;
        double w = nX * (double) other.nX / tx;
        r.nX = tx;
        r.meanX = meanX + dx * other.nX / tx;
        r.meanYx = meanYx + dy * other.nX / tx;
        r.m2X = m2X + other.m2X + dx * dx * w;
        r.cXY = cXY + other.cXY + dx * dy * w;
      }
    }
    return r;
  }

  /** @return an independent copy */
  public Moments copy() {
    return new Moments(n, meanY, m2Y, nX, meanYx, meanX, m2X, cXY);
  }

  /** @return observations */
  public long n() {
    return n;
  }

  /** @return mean of y, 0 when empty */
  public double meanY() {
    return meanY;
  }

  /** @return sum of squared deviations of y */
  public double m2Y() {
    return m2Y;
  }

  /** @return sample variance of y (n - 1 denominator), NaN below two observations */
  public double varianceY() {
    return n < 2 ? Double.NaN : Math.max(0, m2Y) / (n - 1);
  }

  /** @return sum of y */
  public double sumY() {
    return meanY * n;
  }

  /** @return observations that had an x */
  public long nX() {
    return nX;
  }

  /** @return whether every observation had an x */
  public boolean allHaveX() {
    return n > 0 && nX == n;
  }

  /** @return mean of y over the observations with x */
  public double meanYx() {
    return meanYx;
  }

  /** @return mean of x */
  public double meanX() {
    return meanX;
  }

  /** @return sum of squared deviations of x */
  public double m2X() {
    return m2X;
  }

  /** @return co-moment sum of (x - mean x)(y - mean y) */
  public double cXY() {
    return cXY;
  }

  /** @return sample variance of x, NaN below two observations */
  public double varianceX() {
    return nX < 2 ? Double.NaN : Math.max(0, m2X) / (nX - 1);
  }

  /** @return sample covariance of x and y, NaN below two observations */
  public double covarianceXY() {
    return nX < 2 ? Double.NaN : cXY / (nX - 1);
  }
}
