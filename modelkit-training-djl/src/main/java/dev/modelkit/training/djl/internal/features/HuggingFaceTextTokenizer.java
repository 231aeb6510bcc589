package dev.modelkit.training.djl.internal.features;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face tokenizer read from a local {@code tokenizer.json} through DJL's tokenizers
 * binding; special tokens ([CLS], [SEP], padding) are left out of the bag of words.
 */
public final class HuggingFaceTextTokenizer implements TextTokenizer {
  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;

  /**
   * @param file the tokenizer.json
   * @param maxLength tokens kept per text
   * @throws UncheckedIOException naming the file if it cannot be read
   */
  public HuggingFaceTextTokenizer(Path file, int maxLength) {
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false",
          "truncation", "true", "padding", "false", "maxLength", Integer.toString(maxLength)));
    } catch (IOException e) {
      throw new UncheckedIOException("tokenizer file " + file + " could not be read: " + e.getMessage(), e);
    }
    this.maxLength = maxLength;
  }

  @Override
  public List<String> tokenize(String text, int maxTokens) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    Encoding e = tokenizer.encode(text, false, false);
    String[] tokens = e.getTokens();
    int n = Math.min(tokens.length, Math.min(maxTokens, maxLength));
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(tokens[i]);
    }
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
