package dev.modelkit.monitoring;

import dev.modelkit.config.Checks;
import java.util.Map;

/**
 * How a drift report tests features. {@link #defaults()} follows Evidently's documented defaults
 * with a Benjamini-Hochberg correction of the p-value tests.
 *
 * @param numericMethod the method for numeric features, {@link DriftMethod#AUTO} to choose by size
 * @param categoricalMethod the method for categorical features, {@link DriftMethod#AUTO} to choose
 * @param methods per-feature overrides of the method
 * @param thresholds per-method overrides of the threshold: the distance for PSI, Wasserstein and
 *     Jensen-Shannon (default 0.1), the significance level for KS, chi-square and z (default
 *     {@code alpha})
 * @param correction the multiple-testing correction of the features' p-values
 * @param alpha the significance level every feature's adjusted p-value is compared with
 * @param driftShare the share of drifted features at or above which the dataset as a whole has
 *     drifted (Evidently's default 0.5)
 * @param minSampleSize windows with fewer rows are reported without a test (their findings say so)
 */
public record DriftOptions(
    DriftMethod numericMethod, DriftMethod categoricalMethod, Map<String, DriftMethod> methods,
    Map<DriftMethod, Double> thresholds, Correction correction, double alpha, double driftShare, long minSampleSize) {

  /** Validates and copies the maps. */
  public DriftOptions {
    Checks c = new Checks("DriftOptions");
    c.required("numericMethod", numericMethod);
    c.required("categoricalMethod", categoricalMethod);
    c.required("correction", correction);
    c.check(alpha > 0 && alpha < 1, "alpha", alpha, "be in (0, 1)");
    c.check(driftShare > 0 && driftShare <= 1, "driftShare", driftShare, "be in (0, 1]");
    c.check(minSampleSize >= 1, "minSampleSize", minSampleSize, "be at least 1");
    c.check(numericMethod != DriftMethod.CHI_SQUARE && numericMethod != DriftMethod.Z, "numericMethod",
        numericMethod, "be auto, ks, psi, wasserstein or jensen_shannon (chi_square and z are for categories)");
    c.check(categoricalMethod != DriftMethod.KS && categoricalMethod != DriftMethod.WASSERSTEIN, "categoricalMethod",
        categoricalMethod, "be auto, chi_square, z, psi or jensen_shannon (ks and wasserstein need numbers)");
    if (thresholds != null) {
      thresholds.forEach((m, t) -> c.check(t != null && t > 0 && (m.isDistance() || t < 1),
          "thresholds." + m.wireName(), t, "be positive (and below 1 for a significance level)"));
    }
    c.throwIfAny();
    methods = methods == null ? Map.of() : Map.copyOf(methods);
    thresholds = thresholds == null ? Map.of() : Map.copyOf(thresholds);
  }

  /**
   * @return Evidently's choice of method and thresholds, Benjamini-Hochberg at alpha 0.05, drift
   *     share 0.5, at least 30 rows
   */
  public static DriftOptions defaults() {
    return new DriftOptions(DriftMethod.AUTO, DriftMethod.AUTO, Map.of(), Map.of(), Correction.BENJAMINI_HOCHBERG,
        0.05, 0.5, 30);
  }

  /**
   * @param method a method
   * @return its threshold: the override, else 0.1 for distances and {@code alpha} for tests
   */
  public double threshold(DriftMethod method) {
    Double t = thresholds.get(method);
    if (t != null) {
      return t;
    }
    return method.isDistance() ? 0.1 : alpha;
  }

  /**
   * @param feature a feature name
   * @param method its method
   * @return a copy with that feature's method set
   */
  public DriftOptions withMethod(String feature, DriftMethod method) {
    java.util.HashMap<String, DriftMethod> m = new java.util.HashMap<>(methods);
    m.put(feature, method);
    return new DriftOptions(numericMethod, categoricalMethod, m, thresholds, correction, alpha, driftShare, minSampleSize);
  }

  /**
   * @param correction the correction
   * @return a copy with it
   */
  public DriftOptions withCorrection(Correction correction) {
    return new DriftOptions(numericMethod, categoricalMethod, methods, thresholds, correction, alpha, driftShare, minSampleSize);
  }

  /**
   * @param numeric the method for every numeric feature
   * @param categorical the method for every categorical feature
   * @return a copy with them
   */
  public DriftOptions withMethods(DriftMethod numeric, DriftMethod categorical) {
    return new DriftOptions(numeric, categorical, methods, thresholds, correction, alpha, driftShare, minSampleSize);
  }
}
