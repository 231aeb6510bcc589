package dev.modelkit.kb.lucene;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.Embedder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A knowledge store over a real SQLite metadata store and the real codec, in a home directory.
 * Vectors are cached under {@code target/embedding-cache}, shared by every test and run, so the
 * encoder runs once per distinct chunk.
 */
final class Fixture implements AutoCloseable {

  /** The shared on-disk vector cache of the module's tests. */
  static final Path EMBEDDING_CACHE = Path.of(System.getProperty("modelkit.embeddingCache", "target/embedding-cache"));

  private static Embedder sharedEmbedder;

  final Path home;
  final Clock clock;
  final SqliteMetadataStore metadata;
  final ConfigCodec codec = new ConfigCodec();
  final LuceneKnowledgeStore store;

  Fixture(Path home, Clock clock, KnowledgeSettings settings) {
    this(home, clock, settings, null);
  }

  Fixture(Path home, Clock clock, KnowledgeSettings settings, java.util.List<dev.modelkit.spi.DocumentParser> parsers) {
    this(home, clock, settings, parsers, null);
  }

  Fixture(Path home, Clock clock, KnowledgeSettings settings, java.util.List<dev.modelkit.spi.DocumentParser> parsers,
      Embedder embedder) {
    this.home = home;
    this.clock = clock;
    this.metadata = SqliteMetadataStore.open(home, clock);
    AtomicInteger ids = new AtomicInteger();
    LuceneKnowledgeStore.Builder b = LuceneKnowledgeStore.builder(home)
        .clock(clock)
        .settings(settings.toBuilder().embeddingCacheDirectory(EMBEDDING_CACHE).build())
        .embedder(embedder != null ? embedder : new UnclosedEmbedder(embedder()))
        .ids(() -> "kb-" + ids.incrementAndGet());
    if (parsers != null) {
      b.parsers(parsers);
    }
    this.store = b.build();
  }

  Fixture(Path home, Clock clock) {
    this(home, clock, KnowledgeSettings.defaults());
  }

  /** The encoder is loaded once per test JVM; stores get a view that does not close it. */
  static synchronized Embedder embedder() {
    if (sharedEmbedder == null) {
      sharedEmbedder = new dev.modelkit.kb.lucene.embed.MiniLmEmbedder(0);
    }
    return sharedEmbedder;
  }

  KnowledgeBases as(Principal principal) {
    return store.knowledgeBases(
        StandaloneContext.builder(principal).metadata(metadata).json(codec).clock(clock).build());
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      metadata.close();
    }
  }

  /** Delegates everything but close. */
  private record UnclosedEmbedder(Embedder delegate) implements Embedder {
    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public int dimensions() {
      return delegate.dimensions();
    }

    @Override
    public int maxInputTokens() {
      return delegate.maxInputTokens();
    }

    @Override
    public int countTokens(String text) {
      return delegate.countTokens(text);
    }

    @Override
    public java.util.List<float[]> embed(java.util.List<String> texts) {
      return delegate.embed(texts);
    }

    @Override
    public void close() {
      // shared by every test of the JVM
    }
  }
}
