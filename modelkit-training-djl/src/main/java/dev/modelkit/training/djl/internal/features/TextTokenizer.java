package dev.modelkit.training.djl.internal.features;

import java.util.List;

/** Splits text into tokens for bag-of-words features. Implementations are thread-safe. */
public interface TextTokenizer extends AutoCloseable {

  /**
   * @param text the text
   * @param maxTokens most tokens returned (the first ones)
   * @return the tokens
   */
  List<String> tokenize(String text, int maxTokens);

  @Override
  default void close() {}
}
