package dev.modelkit.kb.lucene;

import dev.modelkit.ProviderNotFoundException;
import dev.modelkit.kb.lucene.internal.LazyEmbedder;
import dev.modelkit.spi.Embedder;
import dev.modelkit.spi.EmbedderProvider;
import dev.modelkit.spi.KnowledgeStore;
import dev.modelkit.spi.KnowledgeStoreProvider;
import dev.modelkit.spi.ProviderContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Provides the {@link LuceneKnowledgeStore} as knowledge store {@code lucene} (rank 0, the
 * default). Settings come from the runtime's {@code modelkit.knowledge.*} settings; the embedder is
 * the {@link EmbedderProvider} named by {@code modelkit.knowledge.embedder}, else the one of lowest
 * rank (the in-process all-MiniLM-L6-v2), loaded when a knowledge base first needs it.
 */
public final class LuceneKnowledgeStoreProvider implements KnowledgeStoreProvider {

  @Override
  public String name() {
    return "lucene";
  }

  @Override
  public int rank() {
    return 0;
  }

  @Override
  public KnowledgeStore create(ProviderContext context) {
    KnowledgeSettings settings = KnowledgeSettings.fromSettings(context.settings());
    return LuceneKnowledgeStore.builder(context.home())
        .clock(context.clock())
        .settings(settings)
        .embedder(new LazyEmbedder(() -> embedder(settings.embedder(), context)))
        .build();
  }

  private static Embedder embedder(String name, ProviderContext context) {
    List<EmbedderProvider> found = new ArrayList<>();
    for (EmbedderProvider p : ServiceLoader.load(EmbedderProvider.class, LuceneKnowledgeStoreProvider.class.getClassLoader())) {
      found.add(p);
    }
    found.sort(Comparator.comparingInt(EmbedderProvider::rank));
    for (EmbedderProvider p : found) {
      if (name == null || p.name().equals(name)) {
        return p.create(context);
      }
    }
    List<String> names = found.stream().map(EmbedderProvider::name).toList();
    throw new ProviderNotFoundException("No embedder named '" + name + "' is available. Available: " + names
        + ". Set modelkit.knowledge.embedder to one of them, or add the artifact that provides it.");
  }
}
