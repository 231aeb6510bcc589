package dev.modelkit.benchmarks;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.kb.lucene.LuceneKnowledgeStore;
import dev.modelkit.kb.lucene.internal.IndexedKnowledgeBase;
import dev.modelkit.kb.lucene.internal.VectorSpace;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchMode;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Search latency on a knowledge base of more than 100,000 chunks (the SpamAssassin messages, the
 * Fine Foods reviews and the policy documents, chunked at 48 tokens), by a caller whose access
 * filter excludes a third of the messages. Hybrid is measured against its own two halves, lexical
 * and vector search, as baselines in the same run; query vectors are cached, so the figures are
 * the search itself ({@link #encodeQuery} measures the encoder on new queries). The setup of the
 * hybrid fork also measures vector recall@10 of the product's graph search against exact search
 * over the same distinct chunk vectors (docs/decisions/0086), with and without the access filter,
 * and prints it.
 *
 * <p>Prepare the index once ({@code java -cp benchmarks/target/benchmarks.jar
 * dev.modelkit.benchmarks.KnowledgeBenchmarkData latency}), then run: {@code java -jar
 * benchmarks/target/benchmarks.jar HybridSearchBenchmark.search -wi 2 -i 3 -w 3s -r 5s -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx4g", "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class HybridSearchBenchmark {

  /** A business user: reads internal documents, not the messages confidential to the fraud team. */
  static final Principal READER = Principal.of("reader", KnowledgeBenchmarkData.ORG, Roles.BUSINESS_USER);

  @Param({"HYBRID", "LEXICAL", "VECTOR"})
  String mode;

  /** {@code float} vectors, or {@code int7} scalar-quantized ones (built with {@code latency-int7}). */
  @Param({"float"})
  String vectors;

  private SqliteMetadataStore metadata;
  private LuceneKnowledgeStore store;
  private KnowledgeBases kbs;
  private List<String> queries;
  private int next;
  private int fresh;

  @Setup
  public void open() throws IOException {
    Path home = KnowledgeBenchmarkData.latencyHome(vectors);
    if (!Files.isDirectory(home.resolve("knowledge"))) {
      throw new IllegalStateException("No prebuilt index in " + home.toAbsolutePath() + "; run java -cp"
          + " benchmarks/target/benchmarks.jar dev.modelkit.benchmarks.KnowledgeBenchmarkData latency" + (vectors.equals("int7")
          ? "-int7" : "") + " first (from the"
          + " repository root)");
    }
    metadata = SqliteMetadataStore.open(home);
    store = LuceneKnowledgeStore.builder(home).settings(KnowledgeBenchmarkData.latencySettings(vectors)).build();
    kbs = store.knowledgeBases(KnowledgeBenchContext.of(READER, metadata, Clock.systemUTC()));
    KnowledgeBase kb = kbs.get(KnowledgeBenchmarkData.LATENCY_KB);
    queries = queries(200);
    for (String q : queries) {
      kbs.search(kb.id(), SearchRequest.of(q, 10, SearchMode.VECTOR));
    }
    IndexedKnowledgeBase index = store.open(KnowledgeBenchmarkData.ORG, kb.id(), kb.name());
    IndexSearcher s = index.index().acquire();
    try {
      System.out.printf(Locale.ROOT, "%nindex: %d chunks in all, %d chunks of %d documents readable by the benchmark caller%n",
          s.count(new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term("kind", "chunk"))),
          kb.chunkCount(), kb.documentCount());
    } finally {
      index.index().release(s);
    }
    if (mode.equals("HYBRID")) {
      recall(kb);
    }
  }

  /** Subjects of a seeded sample of the messages: natural, varied queries. */
  static List<String> queries(int n) {
    List<KnowledgeDocument> docs = KnowledgeCorpus.emails();
    SplittableRandom random = new SplittableRandom(2026);
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (out.size() < n) {
      String t = docs.get(random.nextInt(docs.size())).title().replaceAll("(?i)^(re|fw|fwd):\\s*", "").strip();
      if (t.length() > 8 && t.length() < 120 && seen.add(t)) {
        out.add(t);
      }
    }
    return out;
  }

  @Benchmark
  public List<SearchHit> search() {
    String q = queries.get(next++ % queries.size());
    return kbs.search(KnowledgeBenchmarkData.LATENCY_KB, SearchRequest.of(q, 10, SearchMode.valueOf(mode)));
  }

  /** The encoder on queries it has not seen (what a new query adds to vector and hybrid search). */
  @Benchmark
  public float[] encodeQuery() {
    return store.pipeline().embedOne(queries.get(fresh % queries.size()) + " " + (fresh++));
  }

  /**
   * Recall@10 of the product's graph search ({@link VectorSpace#nearestChunks}) against exact
   * search over the same vectors (every distinct chunk vector that a chunk readable by the caller
   * uses; decision 0086), with and without the access filter, for several search widths.
   */
  private void recall(KnowledgeBase kb) throws IOException {
    IndexedKnowledgeBase index = store.open(KnowledgeBenchmarkData.ORG, kb.id(), kb.name());
    IndexSearcher searcher = index.index().acquire();
    try {
      IndexReader reader = searcher.getIndexReader();
      VectorSpace.Layout layout = VectorSpace.layout(reader);
      System.out.printf(Locale.ROOT, "distinct chunk vectors in the graph: %d%n", layout.vectorCount());
      Query everything = chunks(Principal.of("auditor", KnowledgeBenchmarkData.ORG, Roles.ADMINISTRATOR, "fraud_analyst"));
      Query readable = chunks(READER);
      for (var e : List.of(Map.entry("no filter", everything), Map.entry("access filter", readable))) {
        VectorSpace space = VectorSpace.of(searcher, e.getValue(), layout);
        Set<String> keys = new HashSet<>();
        for (ScoreDoc sd : searcher.search(e.getValue(), Integer.MAX_VALUE).scoreDocs) {
          keys.add(VectorSpace.keyOf(reader, sd.doc));
        }
        // the product searches the graph for `candidates` (100) vectors and keeps the best;
        // narrower and wider searches are shown for comparison
        int[] widths = {10, store.settings().candidates(), 400};
        double[] sum = new double[widths.length];
        int n = 100;
        for (int i = 0; i < n; i++) {
          float[] q = store.pipeline().embedOne(queries.get(i));
          Map<String, Double> exact = space.similarities(reader, keys, q);
          List<Double> best = new ArrayList<>(exact.values());
          best.sort(Comparator.reverseOrder());
          int k = Math.min(10, best.size());
          double tenth = best.get(k - 1);
          for (int w = 0; w < widths.length; w++) {
            List<String> found = new ArrayList<>();
            for (var r : space.nearestChunks(searcher, q, widths[w])) {
              String key = VectorSpace.keyOf(reader, r.doc());
              if (!found.contains(key)) {
                found.add(key);
              }
            }
            int hit = 0;
            for (String key : found.subList(0, Math.min(k, found.size()))) {
              // ties at the tenth place count as found
              hit += exact.get(key) >= tenth - 1e-6 ? 1 : 0;
            }
            sum[w] += hit / (double) k;
          }
        }
        for (int w = 0; w < widths.length; w++) {
          System.out.printf(Locale.ROOT, "vector recall@10 against exact search (%s, %d vectors, graph search for %d,"
              + " %d queries): %.3f%n", e.getKey(), keys.size(), widths[w], n, sum[w] / n);
        }
      }
    } finally {
      index.index().release(searcher);
    }
  }

  private Query chunks(Principal p) {
    return dev.modelkit.kb.lucene.internal.Retriever.filter(dev.modelkit.knowledge.SearchFilters.none(),
        store.policy().filter(p), "chunk");
  }

  @TearDown
  public void close() {
    store.close();
    metadata.close();
  }
}
