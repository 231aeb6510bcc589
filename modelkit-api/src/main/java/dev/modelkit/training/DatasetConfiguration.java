package dev.modelkit.training;

import dev.modelkit.config.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The data of a training job. With no validation or test sources, they are split from the
 * training data as the validation configuration says.
 *
 * @param trainingData one or more training sources
 * @param validationData validation sources, may be empty
 * @param testData test sources, may be empty
 * @param dataPreprocessing preprocessing settings
 * @param privacyConfig privacy settings
 */
public record DatasetConfiguration(
    List<DataSource> trainingData, List<DataSource> validationData, List<DataSource> testData,
    PreprocessingConfig dataPreprocessing, PrivacyConfig privacyConfig) {

  /** Validates that there is training data and that source ids are unique. */
  public DatasetConfiguration {
    Checks c = new Checks("DatasetConfiguration");
    c.check(trainingData != null && !trainingData.isEmpty(), "trainingData",
        trainingData == null ? null : "[]", "list at least one data source");
    validationData = validationData == null ? List.of() : List.copyOf(validationData);
    testData = testData == null ? List.of() : List.copyOf(testData);
    Set<String> ids = new HashSet<>();
    if (trainingData != null) {
      for (List<DataSource> l : List.of(trainingData, validationData, testData)) {
        for (DataSource s : l) {
          c.check(ids.add(s.id()), "id", s.id(), "be unique across training, validation and test data");
        }
      }
    }
    c.throwIfAny();
    trainingData = List.copyOf(trainingData);
    dataPreprocessing = dataPreprocessing == null ? PreprocessingConfig.defaults() : dataPreprocessing;
    privacyConfig = privacyConfig == null ? PrivacyConfig.none() : privacyConfig;
  }
}
