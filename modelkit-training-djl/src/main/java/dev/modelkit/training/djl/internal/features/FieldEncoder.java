package dev.modelkit.training.djl.internal.features;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One fitted input field's transformation into model features. Fitted on a training fold only,
 * serialised with the model, applied identically at inference.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = NumericEncoder.class, name = "numeric"),
    @JsonSubTypes.Type(value = CategoricalEncoder.class, name = "categorical"),
    @JsonSubTypes.Type(value = BooleanEncoder.class, name = "boolean"),
    @JsonSubTypes.Type(value = DatetimeEncoder.class, name = "datetime"),
    @JsonSubTypes.Type(value = TextEncoder.class, name = "text"),
    @JsonSubTypes.Type(value = SentenceEmbeddingEncoder.class, name = "sentence_embedding")})
public sealed interface FieldEncoder
    permits NumericEncoder, CategoricalEncoder, BooleanEncoder, DatetimeEncoder, TextEncoder, SentenceEmbeddingEncoder {

  /** @return the input field it reads */
  String field();

  /** @return how many features it writes */
  int width();

  /** @return names of the features it writes, for reports and for mapping between models */
  List<String> featureNames();

  /**
   * Encodes the field of many rows.
   *
   * @param raw each row's raw cell (null when missing)
   * @param out the feature matrix, one row per input row
   * @param offset the first column this encoder writes
   * @param resources tokenizers and encoders the pipeline loaded
   * @throws IllegalArgumentException naming the field, the row's position and the value when a
   *     cell cannot be encoded
   */
  void encode(List<String> raw, float[][] out, int offset, PipelineResources resources);

  /** @return whether its features are continuous values that noise augmentation may perturb */
  default boolean continuous() {
    return false;
  }
}
