package dev.modelkit.kb.lucene.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.modelkit.ModelKitException;
import dev.modelkit.spi.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Adapts any LangChain4j {@link EmbeddingModel} (OpenAI, Ollama, a local ONNX model ...) to
 * ModelKit's {@link Embedder} SPI, so it can embed knowledge bases.
 *
 * <p>LangChain4j models do not expose their tokenizer, so token counts are estimated (about four
 * characters per token, the usual figure for English word pieces); give the model's real input
 * limit so that chunks are sized to fit.
 */
public final class LangChain4jEmbedder implements Embedder {

  private final EmbeddingModel model;
  private final String name;
  private final int dimensions;
  private final int maxInputTokens;

  /**
   * @param model the LangChain4j model
   * @param name a stable name recorded with knowledge bases, for example {@code openai-text-embedding-3-small}
   * @param maxInputTokens how many tokens the model reads
   * @throws IllegalArgumentException if the name is blank or the limit is not positive
   */
  public LangChain4jEmbedder(EmbeddingModel model, String name, int maxInputTokens) {
    this.model = Objects.requireNonNull(model, "model");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank: it is recorded with every knowledge base");
    }
    if (maxInputTokens < 8) {
      throw new IllegalArgumentException("maxInputTokens was " + maxInputTokens + " but it must be at least 8");
    }
    this.name = name;
    this.maxInputTokens = maxInputTokens;
    this.dimensions = model.dimension();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public int maxInputTokens() {
    return maxInputTokens;
  }

  @Override
  public int countTokens(String text) {
    return 2 + (text.length() + 3) / 4;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      // LangChain4j refuses blank segments; a blank chunk embeds as a single space
      segments.add(TextSegment.from(t.isBlank() ? " " : t));
    }
    List<Embedding> embeddings;
    try {
      embeddings = model.embedAll(segments).content();
    } catch (RuntimeException e) {
      throw new ModelKitException("The embedding model '" + name + "' failed on a batch of " + texts.size()
          + " texts: " + e.getMessage(), e);
    }
    if (embeddings.size() != texts.size()) {
      throw new ModelKitException("The embedding model '" + name + "' returned " + embeddings.size()
          + " vectors for " + texts.size() + " texts");
    }
    List<float[]> out = new ArrayList<>(embeddings.size());
    for (Embedding e : embeddings) {
      float[] v = e.vector();
      if (v.length != dimensions) {
        throw new ModelKitException("The embedding model '" + name + "' returned a vector of " + v.length
            + " dimensions, but it declared " + dimensions);
      }
      out.add(v);
    }
    return out;
  }
}
