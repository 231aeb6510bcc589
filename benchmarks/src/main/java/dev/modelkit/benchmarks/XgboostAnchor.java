package dev.modelkit.benchmarks;

import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The gradient-boosting anchor: XGBoost4J 3.4.0 with its default parameters and the binary
 * logistic objective. The native library has no default number of rounds; {@value #ROUNDS} is the
 * default of XGBoost's scikit-learn estimator ({@code n_estimators}), the form in which "XGBoost
 * defaults" is usually quoted. Features are the one-hot and raw numeric columns of
 * {@link AnchorFeatures}.
 */
final class XgboostAnchor {
  static final int ROUNDS = 100;

  private XgboostAnchor() {}

  /**
   * @param train training features
   * @param y training classes
   * @param test test features
   * @return the predicted probability of the positive class for each test row
   * @throws IllegalStateException if XGBoost fails
   */
  static double[] fitAndScore(double[][] train, boolean[] y, double[][] test) {
    DMatrix dtrain = null;
    DMatrix dtest = null;
    Booster booster = null;
    try {
      dtrain = new DMatrix(flatten(train), train.length, train[0].length, Float.NaN);
      float[] labels = new float[y.length];
      for (int i = 0; i < y.length; i++) {
        labels[i] = y[i] ? 1 : 0;
      }
      dtrain.setLabel(labels);
      Map<String, Object> params = new HashMap<>();
      params.put("objective", "binary:logistic");
      params.put("verbosity", 0);
      booster = XGBoost.train(dtrain, params, ROUNDS, Map.of(), null, null);
      dtest = new DMatrix(flatten(test), test.length, test[0].length, Float.NaN);
      float[][] p = booster.predict(dtest);
      double[] out = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i][0];
      }
      return out;
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
    } finally {
      if (booster != null) {
        booster.dispose();
      }
      if (dtrain != null) {
        dtrain.dispose();
      }
      if (dtest != null) {
        dtest.dispose();
      }
    }
  }

  private static float[] flatten(double[][] x) {
    int d = x[0].length;
    float[] out = new float[x.length * d];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < d; j++) {
        out[i * d + j] = (float) x[i][j];
      }
    }
    return out;
  }
}
