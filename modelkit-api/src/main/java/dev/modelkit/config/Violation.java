package dev.modelkit.config;

import java.util.Objects;

/**
 * One problem found while validating a configuration.
 *
 * @param path dotted path of the offending field relative to the validated root, for example
 *     {@code hyperparameters.epochs} or {@code datasetConfig.trainingData[0].type}
 * @param value the offending value as the user wrote it, {@code null} when the field is missing;
 *     secrets are already masked
 * @param expected what would have been accepted, phrased to complete "but it must ...", for
 *     example {@code be at least 1}
 */
public record Violation(String path, String value, String expected) {

  /** Validates that path and expectation are present. */
  public Violation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(expected, "expected");
  }

  /**
   * @return one line naming the path, the value and what was expected, for example {@code
   *     hyperparameters.epochs was '0' but it must be at least 1}
   */
  public String message() {
    String shown = value == null ? "missing" : "'" + value + "'";
    return path + " was " + shown + " but it must " + expected;
  }

  /**
   * @param prefix the path of the enclosing object, for example {@code hyperparameters}
   * @return this violation with its path placed under {@code prefix}
   */
  public Violation under(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return this;
    }
    return new Violation(path.isEmpty() ? prefix : prefix + "." + path, value, expected);
  }
}
