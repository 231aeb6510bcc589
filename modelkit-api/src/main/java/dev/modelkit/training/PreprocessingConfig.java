package dev.modelkit.training;

import dev.modelkit.config.Checks;

/**
 * How raw data becomes model input. Every step is fitted on training data only and saved with the
 * model.
 *
 * @param tokenization tokenizer for text fields: {@code bert_tokenizer}, a path to a Hugging Face
 *     {@code tokenizer.json}, or null for the built-in word tokenizer
 * @param normalization standardise numeric fields
 * @param augmentation augment training data (tabular noise and minority oversampling, text noise)
 * @param augmentationConfig how much to augment; defaults when absent
 * @param invalidRows what to do with a row holding an unparsable cell; skip when absent
 * @param imputation how missing numeric values are filled; median when absent
 * @param maxVocabulary most text tokens kept per text field (by document frequency), at least 1;
 *     2,000 when absent
 * @param maxTextTokens tokens read per text value, at least 1; 256 when absent
 */
public record PreprocessingConfig(
    String tokenization, boolean normalization, boolean augmentation, AugmentationConfig augmentationConfig,
    InvalidRowPolicy invalidRows, ImputationStrategy imputation, Integer maxVocabulary, Integer maxTextTokens) {

  /** Validates counts and applies defaults. */
  public PreprocessingConfig {
    Checks c = new Checks("PreprocessingConfig");
    c.atLeast("maxVocabulary", maxVocabulary, 1);
    c.atLeast("maxTextTokens", maxTextTokens, 1);
    c.throwIfAny();
    augmentationConfig = augmentationConfig == null ? AugmentationConfig.defaults() : augmentationConfig;
    invalidRows = invalidRows == null ? InvalidRowPolicy.SKIP : invalidRows;
    imputation = imputation == null ? ImputationStrategy.MEDIAN : imputation;
    maxVocabulary = maxVocabulary == null ? 2000 : maxVocabulary;
    maxTextTokens = maxTextTokens == null ? 256 : maxTextTokens;
  }

  /**
   * The seed's three settings, everything else at its default.
   *
   * @param tokenization tokenizer
   * @param normalization standardise numerics
   * @param augmentation augment training data
   */
  public PreprocessingConfig(String tokenization, boolean normalization, boolean augmentation) {
    this(tokenization, normalization, augmentation, null, null, null, null, null);
  }

  /** @return no tokenizer override, normalisation on, augmentation off */
  public static PreprocessingConfig defaults() {
    return new PreprocessingConfig(null, true, false);
  }
}
