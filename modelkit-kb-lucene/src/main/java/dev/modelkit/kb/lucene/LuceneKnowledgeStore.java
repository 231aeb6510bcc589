package dev.modelkit.kb.lucene;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.StoreException;
import dev.modelkit.kb.lucene.embed.CachingEmbedder;
import dev.modelkit.kb.lucene.embed.MiniLmEmbedder;
import dev.modelkit.kb.lucene.embed.PersistentEmbeddingCache;
import dev.modelkit.kb.lucene.internal.AccessPolicy;
import dev.modelkit.kb.lucene.internal.IndexedKnowledgeBase;
import dev.modelkit.kb.lucene.internal.IngestPipeline;
import dev.modelkit.kb.lucene.internal.KnowledgeIndex;
import dev.modelkit.kb.lucene.internal.LazyEmbedder;
import dev.modelkit.kb.lucene.internal.LuceneKnowledgeBases;
import dev.modelkit.kb.lucene.internal.ParserRegistry;
import dev.modelkit.spi.DocumentParser;
import dev.modelkit.spi.Embedder;
import dev.modelkit.spi.KnowledgeStore;
import dev.modelkit.spi.ServiceContext;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A {@link KnowledgeStore} on Apache Lucene: one index per knowledge base under {@code
 * <home>/knowledge/<organisation>/<knowledge base id>}, holding BM25 text and HNSW vectors of the
 * chunks side by side, with per-document access control evaluated inside every query.
 *
 * <p>Create one with {@link #builder(Path)}, or let the runtime create it through {@link
 * LuceneKnowledgeStoreProvider}. Close it to release the indexes and the embedding model.
 * Thread-safe; writes to one knowledge base are serialised, searches run concurrently.
 */
public final class LuceneKnowledgeStore implements KnowledgeStore, AutoCloseable {

  private final Path root;
  private final Clock clock;
  private final KnowledgeSettings settings;
  private final CachingEmbedder embedder;
  private final PersistentEmbeddingCache diskCache;
  private final ParserRegistry parsers;
  private final AccessPolicy policy;
  private final IngestPipeline pipeline;
  private final ExecutorService parsePool;
  private final Supplier<String> ids;
  private final Map<String, IndexedKnowledgeBase> open = new ConcurrentHashMap<>();

  private LuceneKnowledgeStore(Builder b) {
    this.root = b.home.resolve("knowledge");
    this.clock = b.clock;
    this.settings = b.settings;
    this.diskCache = settings.embeddingCacheDirectory() == null ? null
        : PersistentEmbeddingCache.open(settings.embeddingCacheDirectory());
    int threads = settings.embedderThreads();
    Embedder base = b.embedder != null ? b.embedder : new LazyEmbedder(() -> new MiniLmEmbedder(threads));
    this.embedder = new CachingEmbedder(base, settings.embeddingCacheBytes(), diskCache);
    this.parsers = b.parsers != null ? new ParserRegistry(b.parsers) : ParserRegistry.discover();
    this.policy = new AccessPolicy(settings.classifications(), settings.clearances(), settings.defaultClearance());
    this.pipeline = new IngestPipeline(embedder, settings, policy, clock);
    this.ids = b.ids;
    this.parsePool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "modelkit-kb-parser");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * @param home the ModelKit home directory; indexes go below {@code home/knowledge}
   * @return a builder
   */
  public static Builder builder(Path home) {
    return new Builder(home);
  }

  @Override
  public KnowledgeBases knowledgeBases(ServiceContext context) {
    return new LuceneKnowledgeBases(this, context);
  }

  /** @return the settings */
  public KnowledgeSettings settings() {
    return settings;
  }

  /** @return the embedder, with its cache */
  public CachingEmbedder embedder() {
    return embedder;
  }

  /** @return the access policy */
  public AccessPolicy policy() {
    return policy;
  }

  /** @return the ingestion pipeline */
  public IngestPipeline pipeline() {
    return pipeline;
  }

  /** @return the clock */
  public Clock clock() {
    return clock;
  }

  /** @return a new knowledge base id */
  public String newId() {
    return ids.get();
  }

  /**
   * Opens (or returns the open) index of a knowledge base.
   *
   * @param organizationId the organisation
   * @param knowledgeBaseId the knowledge base
   * @param name its name, the topic relevance is scored against
   * @return the knowledge base's operations
   */
  public IndexedKnowledgeBase open(String organizationId, String knowledgeBaseId, String name) {
    return open.computeIfAbsent(key(organizationId, knowledgeBaseId), k -> new IndexedKnowledgeBase(
        KnowledgeIndex.open(directory(organizationId, knowledgeBaseId), settings.quantizeVectors(), settings.hnswM(),
            settings.hnswBeamWidth()),
        pipeline, parsers, policy, settings, parsePool, name));
  }

  /**
   * Closes a knowledge base's index and deletes its directory.
   *
   * @param organizationId the organisation
   * @param knowledgeBaseId the knowledge base
   * @throws StoreException if the directory cannot be deleted
   */
  public void drop(String organizationId, String knowledgeBaseId) {
    IndexedKnowledgeBase kb = open.remove(key(organizationId, knowledgeBaseId));
    if (kb != null) {
      kb.index().close();
    }
    Path dir = directory(organizationId, knowledgeBaseId);
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new StoreException("Could not delete the knowledge index " + dir + ": " + e.getMessage()
          + "; delete the directory by hand", e);
    }
  }

  /**
   * @param organizationId the organisation
   * @param knowledgeBaseId the knowledge base
   * @return its index directory
   */
  public Path directory(String organizationId, String knowledgeBaseId) {
    return root.resolve(segment(organizationId)).resolve(segment(knowledgeBaseId));
  }

  private static String segment(String id) {
    // ids are validated, but a path element must never climb or nest
    String s = URLEncoder.encode(id, StandardCharsets.UTF_8);
    return s.equals(".") || s.equals("..") ? "%2E" + s.substring(1) : s;
  }

  private static String key(String organizationId, String knowledgeBaseId) {
    return organizationId + "\u0000" + knowledgeBaseId;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (IndexedKnowledgeBase kb : open.values()) {
      try {
        kb.index().close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    open.clear();
    parsePool.shutdownNow();
    embedder.close();
    if (diskCache != null) {
      diskCache.close();
    }
    if (first != null) {
      throw first;
    }
  }

  /** Builds a {@link LuceneKnowledgeStore}. */
  public static final class Builder {
    private final Path home;
    private Clock clock = Clock.systemUTC();
    private KnowledgeSettings settings = KnowledgeSettings.defaults();
    private Embedder embedder;
    private List<DocumentParser> parsers;
    private Supplier<String> ids = () -> "kb-" + UUID.randomUUID();

    private Builder(Path home) {
      this.home = Objects.requireNonNull(home, "home");
    }

    /** @param value the clock timestamps and freshness come from @return this */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** @param value the settings @return this */
    public Builder settings(KnowledgeSettings value) {
      settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    /**
     * @param value the embedder (for example a {@link dev.modelkit.kb.lucene.embed.LangChain4jEmbedder});
     *     default the in-process all-MiniLM-L6-v2; closed with the store
     * @return this
     */
    public Builder embedder(Embedder value) {
      embedder = value;
      return this;
    }

    /** @param value the parsers; default every {@link DocumentParser} on the class path @return this */
    public Builder parsers(List<DocumentParser> value) {
      parsers = List.copyOf(value);
      return this;
    }

    /** @param value generates knowledge base ids (inject a deterministic one in tests) @return this */
    public Builder ids(Supplier<String> value) {
      ids = Objects.requireNonNull(value, "ids");
      return this;
    }

    /**
     * @return the store
     * @throws dev.modelkit.ModelKitException if the embedder cannot be loaded
     */
    public LuceneKnowledgeStore build() {
      return new LuceneKnowledgeStore(this);
    }
  }
}
