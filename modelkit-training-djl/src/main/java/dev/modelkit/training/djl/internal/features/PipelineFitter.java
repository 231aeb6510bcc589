package dev.modelkit.training.djl.internal.features;

import dev.modelkit.training.DataType;
import dev.modelkit.training.ImputationStrategy;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.djl.internal.data.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a {@link FeaturePipeline} on the training rows only, so nothing of the validation or test
 * rows leaks into the statistics (means, vocabularies, categories).
 */
public final class PipelineFitter {
  private final PreprocessingConfig config;
  private final String textTokenizer;
  private final SentenceEncoder sentenceEncoder;

  /**
   * @param config preprocessing settings
   * @param textTokenizer {@code builtin} or {@code huggingface}
   * @param sentenceEncoder when not null, text fields become its embeddings instead of TF-IDF
   */
  public PipelineFitter(PreprocessingConfig config, String textTokenizer, SentenceEncoder sentenceEncoder) {
    this.config = config;
    this.textTokenizer = textTokenizer;
    this.sentenceEncoder = sentenceEncoder;
  }

  /**
   * @param table the data
   * @param rows the training rows
   * @param inputs the input fields
   * @param resources tokenizers
   * @return the fitted pipeline
   */
  public FeaturePipeline fit(Table table, int[] rows, List<String> inputs, PipelineResources resources) {
    List<FieldEncoder> encoders = new ArrayList<>();
    for (String field : inputs) {
      int col = table.column(field);
      List<String> values = new ArrayList<>(rows.length);
      for (int r : rows) {
        values.add(table.row(r)[col]);
      }
      DataType type = table.type(field);
      encoders.add(switch (type) {
        case NUMERIC -> NumericEncoder.fit(field, values, config.normalization(),
            config.imputation() == ImputationStrategy.MEDIAN);
        case CATEGORICAL -> CategoricalEncoder.fit(field, values);
        case BOOLEAN -> BooleanEncoder.fit(field, values);
        case DATETIME -> DatetimeEncoder.fit(field, values);
        case TEXT, EMAIL -> sentenceEncoder != null
            ? SentenceEmbeddingEncoder.fit(field, values, sentenceEncoder, type == DataType.EMAIL)
            : TextEncoder.fit(field, values, textTokenizer, resources.tokenizer(textTokenizer),
                config.maxVocabulary(), config.maxTextTokens(), type == DataType.EMAIL);
      });
    }
    return new FeaturePipeline(encoders);
  }
}
