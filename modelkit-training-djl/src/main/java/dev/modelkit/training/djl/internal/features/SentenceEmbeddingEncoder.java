package dev.modelkit.training.djl.internal.features;

import java.util.ArrayList;
import java.util.List;

/**
 * A text field as the frozen all-MiniLM-L6-v2 sentence embedding (mean-pooled, L2-normalised, 384
 * values). Nothing is fitted; the encoder file's SHA-256 is recorded so that inference verifies it
 * runs the same encoder.
 *
 * @param field the field
 * @param encoder the encoder's name
 * @param encoderSha256 SHA-256 of the ONNX file
 * @param maxTokens word pieces read per value
 * @param dimension embedding size
 */
public record SentenceEmbeddingEncoder(String field, String encoder, String encoderSha256, int maxTokens, int dimension)
    implements FieldEncoder {

  @Override
  public int width() {
    return dimension;
  }

  @Override
  public List<String> featureNames() {
    List<String> n = new ArrayList<>(dimension);
    for (int i = 0; i < dimension; i++) {
      n.add(field + "#" + i);
    }
    return n;
  }

  @Override
  public void encode(List<String> raw, float[][] out, int offset, PipelineResources resources) {
    float[][] e = resources.sentenceEncoder(this).embed(raw);
    for (int r = 0; r < raw.size(); r++) {
      System.arraycopy(e[r], 0, out[r], offset, dimension);
    }
  }
}
