package dev.modelkit.training.djl.internal.features;

import java.util.ArrayList;
import java.util.List;

/**
 * A text field as the frozen all-MiniLM-L6-v2 sentence embedding (mean-pooled, L2-normalised, 384
 * values; for an e-mail, the subject's and the body's embeddings side by side, 768 values, since a
 * spam subject says much in few words), each dimension then standardised with the training fold's mean and standard deviation
 * (unit-length embeddings have tiny coordinates that a small head learns from slowly). The
 * encoder file's SHA-256 is recorded so that inference verifies it runs the same encoder.
 *
 * @param field the field
 * @param encoder the encoder's name
 * @param encoderSha256 SHA-256 of the ONNX file
 * @param maxTokens word pieces read per value
 * @param dimension embedding size
 * @param email whether values are raw e-mails, read as subject and body
 * @param mean per-dimension mean on the training fold
 * @param std per-dimension standard deviation on the training fold
 */
public record SentenceEmbeddingEncoder(String field, String encoder, String encoderSha256, int maxTokens, int dimension,
    boolean email, float[] mean, float[] std)
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
    float[][] e = embed(raw, resources.sentenceEncoder(this), email);
    for (int r = 0; r < raw.size(); r++) {
      for (int d = 0; d < dimension; d++) {
        out[r][offset + d] = (e[r][d] - mean[d]) / std[d];
      }
    }
  }

  private static float[][] embed(List<String> raw, SentenceEncoder encoder, boolean email) {
    if (!email) {
      return encoder.embed(raw);
    }
    List<String> subjects = new ArrayList<>(raw.size());
    List<String> bodies = new ArrayList<>(raw.size());
    for (String r : raw) {
      String[] p = EmailText.parts(r);
      subjects.add(p == null ? "" : p[0]);
      bodies.add(p == null ? r : p[1]);
    }
    float[][] s = encoder.embed(subjects);
    float[][] b = encoder.embed(bodies);
    int d = SentenceEncoder.DIMENSION;
    float[][] out = new float[raw.size()][2 * d];
    for (int i = 0; i < out.length; i++) {
      System.arraycopy(s[i], 0, out[i], 0, d);
      System.arraycopy(b[i], 0, out[i], d, d);
    }
    return out;
  }

  @Override
  public boolean continuous() {
    return true;
  }

  /**
   * @param field the field
   * @param values the training fold's texts
   * @param encoder the open encoder
   * @param email whether values are raw e-mails
   * @return the fitted encoder
   */
  public static SentenceEmbeddingEncoder fit(String field, List<String> values, SentenceEncoder encoder, boolean email) {
    float[][] e = embed(values, encoder, email);
    int dim = e.length == 0 ? SentenceEncoder.DIMENSION * (email ? 2 : 1) : e[0].length;
    float[] mean = new float[dim];
    float[] std = new float[dim];
    for (float[] row : e) {
      for (int d = 0; d < dim; d++) {
        mean[d] += row[d] / e.length;
      }
    }
    for (float[] row : e) {
      for (int d = 0; d < dim; d++) {
        std[d] += (row[d] - mean[d]) * (row[d] - mean[d]) / Math.max(1, e.length - 1);
      }
    }
    for (int d = 0; d < dim; d++) {
      std[d] = std[d] > 1e-12f ? (float) Math.sqrt(std[d]) : 1f;
    }
    return new SentenceEmbeddingEncoder(field, SentenceEncoder.NAME, encoder.sha256(), encoder.maxTokens(), dim, email,
        mean, std);
  }
}
