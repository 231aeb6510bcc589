package dev.modelkit.training;

/**
 * How raw data becomes model input. Every step is fitted on training data only and saved with the
 * model.
 *
 * @param tokenization tokenizer for text fields: {@code bert_tokenizer}, a path to a Hugging Face
 *     {@code tokenizer.json}, or null for the built-in word tokenizer
 * @param normalization standardise numeric fields
 * @param augmentation augment training data (tabular noise and minority oversampling, text noise)
 */
public record PreprocessingConfig(String tokenization, boolean normalization, boolean augmentation) {

  /** @return no tokenizer override, normalisation on, augmentation off */
  public static PreprocessingConfig defaults() {
    return new PreprocessingConfig(null, true, false);
  }
}
