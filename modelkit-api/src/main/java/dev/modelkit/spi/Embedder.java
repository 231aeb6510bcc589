package dev.modelkit.spi;

import java.util.List;

/**
 * Turns text into dense vectors for semantic search. A knowledge store records the embedder's
 * {@link #name()} with each knowledge base and refuses to search a base embedded by another one
 * until it is re-indexed.
 *
 * <p>Implementations are safe for use from many threads. Vectors of one embedder are compared by
 * cosine similarity; they need not be normalised.
 */
public interface Embedder extends AutoCloseable {

  /** @return a stable name of the model, for example {@code all-minilm-l6-v2-q} */
  String name();

  /** @return the length of every vector */
  int dimensions();

  /**
   * @return how many tokens of an input the model reads; the rest is ignored, so chunkers keep
   *     chunks under it
   */
  int maxInputTokens();

  /**
   * Counts tokens the way the model does; used to size chunks.
   *
   * @param text any text
   * @return its token count, including the model's special tokens
   */
  int countTokens(String text);

  /**
   * Embeds texts in one batch.
   *
   * @param texts the inputs
   * @return one vector per input, in order
   * @throws dev.modelkit.ModelKitException if the model fails
   */
  List<float[]> embed(List<String> texts);

  /** Releases the model. */
  @Override
  default void close() {}
}
