package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * Augmentation of training data (never of validation or test data), used when {@code
 * dataPreprocessing.augmentation} is on.
 *
 * @param numericNoise standard deviation of Gaussian noise added to standardised numeric features,
 *     0 or more
 * @param minorityOversampling resample minority-class rows until each class has at least this share
 *     of the majority class's count, 0 (off) to 1 (fully balanced)
 * @param textTokenDropout probability of dropping each token of a text field, 0 to less than 1
 */
public record AugmentationConfig(double numericNoise, double minorityOversampling, double textTokenDropout) {

  /** Validates ranges. */
  public AugmentationConfig {
    Checks c = new Checks("AugmentationConfig");
    c.nonNegative("numericNoise", numericNoise);
    c.between("minorityOversampling", minorityOversampling, 0, 1);
    c.check(textTokenDropout >= 0 && textTokenDropout < 1, "textTokenDropout", textTokenDropout,
        "be at least 0 and less than 1");
    c.throwIfAny();
  }

  /** @return noise 0.05, oversample minorities to half the majority, drop 10% of text tokens */
  public static AugmentationConfig defaults() {
    return new AugmentationConfig(0.05, 0.5, 0.1);
  }
}
