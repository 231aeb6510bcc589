package dev.modelkit.experiments.internal.stats;

/**
 * Gauss-Legendre nodes and weights on [-1, 1], found by Newton's method on the Legendre
 * polynomial from the usual cosine starting points. Computed here in double precision because
 * Hipparchus' factory derives them in extended precision, which costs more than a second on
 * first use.
 */
final class GaussLegendre {
  private final double[] nodes;
  private final double[] weights;

  /** @param points number of nodes */
  GaussLegendre(int points) {
    nodes = new double[points];
    weights = new double[points];
    for (int i = 0; i < points; i++) {
      double x = Math.cos(Math.PI * (i + 0.75) / (points + 0.5));
      double derivative = 0;
      for (int iteration = 0; iteration < 100; iteration++) {
        double p0 = 1;
        double p1 = x;
        for (int k = 2; k <= points; k++) {
          double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
          p0 = p1;
          p1 = p2;
        }
        derivative = points * (x * p1 - p0) / (x * x - 1);
        double step = p1 / derivative;
        x -= step;
        if (Math.abs(step) < 1e-16) {
          break;
        }
      }
      nodes[i] = x;
      weights[i] = 2 / ((1 - x * x) * derivative * derivative);
    }
  }

  int size() {
    return nodes.length;
  }

  double node(int i) {
    return nodes[i];
  }

  double weight(int i) {
    return weights[i];
  }
}
