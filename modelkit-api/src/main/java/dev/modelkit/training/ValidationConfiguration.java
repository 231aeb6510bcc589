package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * How a model is validated during and after training.
 *
 * @param strategy how validation data is formed
 * @param testSize share of rows held out for the final test when no test source is given, 0 to
 *     less than 1
 * @param validationFrequency validate every this many epochs, at least 1
 * @param earlyStoppingConfig early stopping; off when absent
 * @param metricConfig metrics; accuracy when absent
 * @param crossValidation folds for the k-fold strategies; 5 folds when absent
 * @param groupField the field whose values must not be split across folds ({@code group})
 * @param timeField the field that orders rows ({@code time_series}, {@code date_range} filters)
 * @param refit after the final model is chosen on rows held out from the training data (early
 *     stopping, decision threshold, calibration), train it again from scratch on all of those rows
 *     for the chosen number of epochs, keeping the threshold and calibration; no effect when
 *     {@code validationData} is given. Off by default.
 */
public record ValidationConfiguration(
    ValidationStrategy strategy, double testSize, int validationFrequency,
    EarlyStoppingConfig earlyStoppingConfig, MetricConfig metricConfig,
    CrossValidationConfig crossValidation, String groupField, String timeField, boolean refit) {

  /**
   * Without a refit.
   *
   * @param strategy see the record
   * @param testSize see the record
   * @param validationFrequency see the record
   * @param earlyStoppingConfig see the record
   * @param metricConfig see the record
   * @param crossValidation see the record
   * @param groupField see the record
   * @param timeField see the record
   */
  public ValidationConfiguration(ValidationStrategy strategy, double testSize, int validationFrequency,
      EarlyStoppingConfig earlyStoppingConfig, MetricConfig metricConfig, CrossValidationConfig crossValidation,
      String groupField, String timeField) {
    this(strategy, testSize, validationFrequency, earlyStoppingConfig, metricConfig, crossValidation, groupField,
        timeField, false);
  }

  /** Validates and applies defaults. */
  public ValidationConfiguration {
    Checks c = new Checks("ValidationConfiguration");
    c.required("strategy", strategy);
    c.check(testSize >= 0 && testSize < 1, "testSize", testSize, "be at least 0 and less than 1");
    c.atLeast("validationFrequency", validationFrequency, 1);
    c.check(strategy != ValidationStrategy.GROUP || (groupField != null && !groupField.isBlank()),
        "groupField", groupField, "name a field when strategy is group");
    c.throwIfAny();
    earlyStoppingConfig = earlyStoppingConfig == null ? EarlyStoppingConfig.disabled() : earlyStoppingConfig;
    metricConfig = metricConfig == null ? MetricConfig.defaults() : metricConfig;
    if (crossValidation == null) {
      boolean folds = strategy != ValidationStrategy.HOLDOUT;
      crossValidation = new CrossValidationConfig(folds, folds ? 5 : 0, folds ? strategy : null, strategy != ValidationStrategy.TIME_SERIES);
    }
  }
}
