package dev.modelkit.training.djl.internal.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A text field as a TF-IDF bag of words over a vocabulary fitted on the training fold: sub-linear
 * term frequency ({@code 1 + ln tf}) times smoothed inverse document frequency, L2-normalised.
 * Tokens outside the vocabulary are ignored, so unseen words never fail inference.
 *
 * @param field the field
 * @param tokenizer {@code builtin} or {@code huggingface} (the tokenizer file stored with the model)
 * @param maxTokens tokens read per value
 * @param vocabulary the kept tokens, in column order
 * @param idf each kept token's inverse document frequency
 * @param email whether values are raw e-mails, read as subject and body
 */
public record TextEncoder(String field, String tokenizer, int maxTokens, List<String> vocabulary, float[] idf, boolean email)
    implements FieldEncoder {

  /** Copies the vocabulary. */
  public TextEncoder {
    vocabulary = List.copyOf(vocabulary);
  }

  @Override
  public int width() {
    return vocabulary.size();
  }

  @Override
  public List<String> featureNames() {
    List<String> n = new ArrayList<>(vocabulary.size());
    for (String v : vocabulary) {
      n.add(field + ":" + v);
    }
    return n;
  }

  @Override
  public void encode(List<String> raw, float[][] out, int offset, PipelineResources resources) {
    Map<String, Integer> index = resources.vocabularyIndex(this);
    TextTokenizer tok = resources.tokenizer(tokenizer);
    for (int r = 0; r < raw.size(); r++) {
      List<String> tokens = tok.tokenize(email ? EmailText.subjectAndBody(raw.get(r)) : raw.get(r), maxTokens);
      Map<Integer, Integer> tf = new HashMap<>();
      double dropout = resources.textTokenDropout();
      for (String t : tokens) {
        if (dropout > 0 && resources.augmentationRandom().nextDouble() < dropout) {
          continue;
        }
        Integer j = index.get(t);
        if (j != null) {
          tf.merge(j, 1, Integer::sum);
        }
      }
      double norm = 0;
      for (Map.Entry<Integer, Integer> e : tf.entrySet()) {
        double w = (1 + Math.log(e.getValue())) * idf[e.getKey()];
        norm += w * w;
      }
      norm = norm > 0 ? Math.sqrt(norm) : 1;
      for (Map.Entry<Integer, Integer> e : tf.entrySet()) {
        out[r][offset + e.getKey()] = (float) ((1 + Math.log(e.getValue())) * idf[e.getKey()] / norm);
      }
    }
  }

  /**
   * @param field the field
   * @param values the training fold's texts
   * @param tokenizerName {@code builtin} or {@code huggingface}
   * @param tok the tokenizer
   * @param maxVocabulary most tokens kept
   * @param maxTokens tokens read per value
   * @param email whether values are raw e-mails
   * @return the fitted encoder; tokens in fewer than 2 documents are dropped
   */
  public static TextEncoder fit(String field, List<String> values, String tokenizerName, TextTokenizer tok,
      int maxVocabulary, int maxTokens, boolean email) {
    Map<String, Integer> df = new HashMap<>();
    for (String v : values) {
      Set<String> seen = new HashSet<>(tok.tokenize(email ? EmailText.subjectAndBody(v) : v, maxTokens));
      for (String t : seen) {
        df.merge(t, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>();
    for (Map.Entry<String, Integer> e : df.entrySet()) {
      if (e.getValue() >= 2) {
        sorted.add(e);
      }
    }
    sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    int n = Math.min(maxVocabulary, sorted.size());
    List<String> vocab = new ArrayList<>(n);
    float[] idf = new float[n];
    int docs = values.size();
    for (int i = 0; i < n; i++) {
      vocab.add(sorted.get(i).getKey());
      idf[i] = (float) (Math.log((1.0 + docs) / (1.0 + sorted.get(i).getValue())) + 1);
    }
    return new TextEncoder(field, tokenizerName, maxTokens, vocab, idf, email);
  }
}
