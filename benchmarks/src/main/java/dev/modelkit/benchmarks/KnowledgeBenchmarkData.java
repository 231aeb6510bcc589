package dev.modelkit.benchmarks;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.kb.lucene.KnowledgeSettings;
import dev.modelkit.kb.lucene.LuceneKnowledgeStore;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Builds what the knowledge benchmarks need once, because the encoder runs at a few dozen chunks
 * per second: the on-disk vector cache of the whole corpus, and the prebuilt index of more than
 * 100,000 chunks that {@link HybridSearchBenchmark} searches. Re-running finds everything cached.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.modelkit.benchmarks.KnowledgeBenchmarkData
 * [defaults|latency|latency-int7]} from the repository root.
 */
public final class KnowledgeBenchmarkData {

  /** The organisation of the benchmark knowledge bases. */
  static final String ORG = "bench-bank";
  /** Manages the benchmark knowledge bases. */
  static final Principal MANAGER = Principal.of("bench-admin", ORG, Roles.ADMINISTRATOR);
  /** The id of the latency benchmark's knowledge base. */
  static final String LATENCY_KB = "kb-latency";

  private KnowledgeBenchmarkData() {}

  /** @return the shared on-disk vector cache */
  static Path cache() {
    return Path.of(System.getProperty("modelkit.embeddingCache", "benchmarks/target/embedding-cache"));
  }

  /**
   * @param vectors {@code float} or {@code int7} (scalar-quantized)
   * @return the home of the latency benchmark's prebuilt knowledge base
   */
  static Path latencyHome(String vectors) {
    return Path.of(System.getProperty("modelkit.kbLatencyHome", "benchmarks/target/kb-latency-" + vectors));
  }

  /**
   * @param vectors {@code float} or {@code int7}
   * @return the chunking of the latency index: short chunks, so that the corpus makes over 100,000
   */
  static KnowledgeSettings latencySettings(String vectors) {
    return KnowledgeSettings.builder().chunkTokens(48).chunkOverlapTokens(8).quantizeVectors(vectors.equals("int7"))
        .embeddingCacheDirectory(cache()).build();
  }

  /** @return the default settings with the shared cache */
  static KnowledgeSettings defaultSettings() {
    return KnowledgeSettings.builder().embeddingCacheDirectory(cache()).build();
  }

  /** @return every document of the corpus given as text */
  static List<KnowledgeDocument> textDocuments() {
    List<KnowledgeDocument> all = new ArrayList<>(KnowledgeCorpus.emails());
    all.addAll(KnowledgeCorpus.reviews());
    return all;
  }

  /**
   * Ingests the corpus (emails, reviews, policy files) in batches into a knowledge base.
   *
   * @param kbs the view
   * @param kbId the knowledge base
   * @param batch documents per call
   * @return documents ingested
   */
  static long ingestCorpus(KnowledgeBases kbs, String kbId, int batch) {
    long n = 0;
    List<KnowledgeDocument> docs = textDocuments();
    for (int i = 0; i < docs.size(); i += batch) {
      IngestReport r = kbs.addDocuments(kbId, docs.subList(i, Math.min(docs.size(), i + batch)));
      n += r.ingested().size();
      if (!r.failed().isEmpty()) {
        throw new IllegalStateException("benchmark corpus documents refused: " + r.failed());
      }
    }
    IngestReport files = kbs.ingestFiles(kbId, KnowledgeCorpus.policyFiles());
    return n + files.ingested().size();
  }

  /**
   * @param args {@code defaults} fills the cache for default chunking; {@code latency} builds the
   *     latency index (and its cache); {@code latency-int7} builds it with scalar-quantized vectors
   * @throws IOException if the home cannot be prepared
   */
  public static void main(String[] args) throws IOException {
    String what = args.length == 0 ? "latency" : args[0];
    boolean latency = what.startsWith("latency");
    String vectors = what.endsWith("int7") ? "int7" : "float";
    Path home = latency ? latencyHome(vectors) : Files.createTempDirectory("kb-defaults");
    if (latency && Files.exists(home)) {
      try (Stream<Path> s = Files.walk(home)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(home);
    long t0 = System.nanoTime();
    try (SqliteMetadataStore metadata = SqliteMetadataStore.open(home);
        LuceneKnowledgeStore store = LuceneKnowledgeStore.builder(home)
            .settings(latency ? latencySettings(vectors) : defaultSettings())
            .ids(() -> latency ? LATENCY_KB : "kb-defaults")
            .build()) {
      KnowledgeBases kbs = store.knowledgeBases(KnowledgeBenchContext.of(MANAGER, metadata, Clock.systemUTC()));
      String id = kbs.create(ORG, "Bank operations and customer correspondence", List.of()).id();
      long docs = ingestCorpus(kbs, id, 200);
      double s = (System.nanoTime() - t0) / 1e9;
      var kb = kbs.get(id);
      System.out.printf(Locale.ROOT, "%s: %d documents, %d chunks in %.0f s (%.1f documents/s); encoder ran on %d chunks,"
          + " %d from cache%n", what, docs, kb.chunkCount(), s, docs / s, store.embedder().misses(), store.embedder().hits());
    }
  }
}
