package dev.modelkit.kb.lucene.internal;

import dev.modelkit.spi.Embedder;
import java.util.List;
import java.util.function.Supplier;

/**
 * Creates its embedder on first use, so that a runtime which never touches a knowledge base never
 * loads an embedding model.
 */
public final class LazyEmbedder implements Embedder {
  private final Supplier<Embedder> factory;
  private volatile Embedder delegate;

  /** @param factory creates the embedder, once */
  public LazyEmbedder(Supplier<Embedder> factory) {
    this.factory = factory;
  }

  private Embedder get() {
    Embedder e = delegate;
    if (e == null) {
      synchronized (this) {
        e = delegate;
        if (e == null) {
          e = factory.get();
          delegate = e;
        }
      }
    }
    return e;
  }

  @Override
  public String name() {
    return get().name();
  }

  @Override
  public int dimensions() {
    return get().dimensions();
  }

  @Override
  public int maxInputTokens() {
    return get().maxInputTokens();
  }

  @Override
  public int countTokens(String text) {
    return get().countTokens(text);
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return get().embed(texts);
  }

  @Override
  public void close() {
    Embedder e = delegate;
    if (e != null) {
      e.close();
    }
  }
}
