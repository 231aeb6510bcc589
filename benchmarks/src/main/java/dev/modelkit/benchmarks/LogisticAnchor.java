package dev.modelkit.benchmarks;

import java.util.Arrays;

/**
 * The converged L2 logistic regression anchor: Newton's method (iteratively reweighted least
 * squares) on the penalised log-likelihood until the gradient's largest component is below
 * {@value #TOLERANCE} per training row, so the answer is the optimum of its objective and not an
 * artefact of a learning rate or an epoch count. The objective is the summed log loss plus
 * {@code lambda / 2 * |w|^2} over the weights, the intercept unpenalised.
 *
 * <p>The penalty {@code lambda} is chosen from {@link #LAMBDAS} by an inner stratified 5-fold
 * cross-validation on the training fold only (highest mean inner ROC AUC), then the model is refitted
 * on the whole training fold.
 */
final class LogisticAnchor {
  /** Candidate penalties (on the summed loss, features standardised or one-hot). */
  static final double[] LAMBDAS = {0.1, 0.3, 1, 3, 10, 30, 100, 300};
  static final double TOLERANCE = 1e-8;
  private static final int MAX_ITERATIONS = 100;
  private static final int INNER_FOLDS = 5;

  private LogisticAnchor() {}

  /** A fitted model: weights, intercept last, and the penalty and Newton steps it took. */
  record Fit(double[] weights, double lambda, int iterations, double gradientNorm) {
    double score(double[] x) {
      double z = weights[x.length];
      for (int j = 0; j < x.length; j++) {
        z += weights[j] * x[j];
      }
      return z;
    }

    double[] scores(double[][] xs) {
      double[] out = new double[xs.length];
      for (int i = 0; i < xs.length; i++) {
        out[i] = score(xs[i]);
      }
      return out;
    }
  }

  /**
   * @param x standardised training features
   * @param y training classes
   * @param seed seed of the inner folds
   * @return the model refitted on all rows with the penalty chosen by inner cross-validation
   * @throws IllegalStateException if Newton's method does not converge
   */
  static Fit fitTuned(double[][] x, boolean[] y, long seed) {
    int[] inner = StratifiedFolds.assign(y, INNER_FOLDS, seed);
    double best = -1;
    double bestLambda = LAMBDAS[0];
    for (double lambda : LAMBDAS) {
      double sum = 0;
      for (int k = 0; k < INNER_FOLDS; k++) {
        int[] tr = StratifiedFolds.rows(inner, k, false);
        int[] va = StratifiedFolds.rows(inner, k, true);
        Fit f = fit(pick(x, tr), pick(y, tr), lambda);
        sum += RocAuc.of(f.scores(pick(x, va)), pick(y, va));
      }
      if (sum / INNER_FOLDS > best) {
        best = sum / INNER_FOLDS;
        bestLambda = lambda;
      }
    }
    return fit(x, y, bestLambda);
  }

  /**
   * @param x features
   * @param y classes
   * @param lambda L2 penalty on the summed log loss
   * @return the converged model
   * @throws IllegalStateException if the gradient is not below tolerance after the iteration cap
   */
  static Fit fit(double[][] x, boolean[] y, double lambda) {
    int n = x.length;
    int d = x[0].length + 1;
    double[] w = new double[d];
    double[] g = new double[d];
    double[][] h = new double[d][d];
    double[] xi = new double[d];
    for (int iter = 1; iter <= MAX_ITERATIONS; iter++) {
      Arrays.fill(g, 0);
      for (double[] row : h) {
        Arrays.fill(row, 0);
      }
      for (int i = 0; i < n; i++) {
        System.arraycopy(x[i], 0, xi, 0, d - 1);
        xi[d - 1] = 1;
        double z = 0;
        for (int j = 0; j < d; j++) {
          z += w[j] * xi[j];
        }
        double p = 1 / (1 + Math.exp(-z));
        double r = p - (y[i] ? 1 : 0);
        double s = Math.max(p * (1 - p), 1e-12);
        for (int j = 0; j < d; j++) {
          g[j] += r * xi[j];
          double sj = s * xi[j];
          if (sj != 0) {
            double[] hj = h[j];
            for (int k = 0; k <= j; k++) {
              hj[k] += sj * xi[k];
            }
          }
        }
      }
      for (int j = 0; j < d - 1; j++) {
        g[j] += lambda * w[j];
        h[j][j] += lambda;
      }
      double norm = 0;
      for (double v : g) {
        norm = Math.max(norm, Math.abs(v));
      }
      if (norm < TOLERANCE * n) {
        return new Fit(w, lambda, iter - 1, norm / n);
      }
      double[] step = solveCholesky(h, g);
      for (int j = 0; j < d; j++) {
        w[j] -= step[j];
      }
    }
    throw new IllegalStateException("Newton's method did not converge in " + MAX_ITERATIONS + " iterations (lambda "
        + lambda + ")");
  }

  /** Solves H s = g for the symmetric positive definite H whose lower triangle is filled. */
  private static double[] solveCholesky(double[][] h, double[] g) {
    int d = g.length;
    double[][] l = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = h[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          l[i][i] = Math.sqrt(Math.max(s, 1e-12));
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    double[] z = new double[d];
    for (int i = 0; i < d; i++) {
      double s = g[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * z[k];
      }
      z[i] = s / l[i][i];
    }
    double[] out = new double[d];
    for (int i = d - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < d; k++) {
        s -= l[k][i] * out[k];
      }
      out[i] = s / l[i][i];
    }
    return out;
  }

  static double[][] pick(double[][] x, int[] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = x[rows[i]];
    }
    return out;
  }

  static boolean[] pick(boolean[] y, int[] rows) {
    boolean[] out = new boolean[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = y[rows[i]];
    }
    return out;
  }
}
