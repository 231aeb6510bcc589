package dev.modelkit.kb.lucene.embed;

import dev.modelkit.spi.Embedder;
import dev.modelkit.spi.EmbedderProvider;
import dev.modelkit.spi.ProviderContext;

/**
 * Provides the in-process {@link MiniLmEmbedder} as embedder {@code all-minilm-l6-v2-q} (rank 0).
 * {@code modelkit.knowledge.embedderThreads} sets its ONNX Runtime thread count.
 */
public final class MiniLmEmbedderProvider implements EmbedderProvider {

  @Override
  public String name() {
    return MiniLmEmbedder.NAME;
  }

  @Override
  public int rank() {
    return 0;
  }

  @Override
  public Embedder create(ProviderContext context) {
    String threads = context.settings().get("modelkit.knowledge.embedderThreads");
    return new MiniLmEmbedder(threads == null ? 0 : Integer.parseInt(threads.strip()));
  }
}
