package dev.modelkit.benchmarks;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.kb.lucene.LuceneKnowledgeStore;
import dev.modelkit.kb.lucene.internal.IndexedKnowledgeBase;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.FixedBitSet;
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
 * the search itself ({@link #encodeQuery} measures the encoder on new queries). The setup also
 * measures vector recall@10 of the HNSW graph against exact search, with and without the access
 * filter, and prints it.
 *
 * <p>Prepare the index once ({@code java -cp benchmarks/target/benchmarks.jar
 * dev.modelkit.benchmarks.KnowledgeBenchmarkData latency}), then run: {@code java -jar
 * benchmarks/target/benchmarks.jar HybridSearchBenchmark -wi 2 -i 3 -w 5s -r 10s -f 1}
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
    kbs = store.knowledgeBases(new KnowledgeBenchContext(READER, metadata, Clock.systemUTC()));
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

  /** Subjects of a seeded sample of messages and titles of reviews: natural, varied queries. */
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

  /** Recall@10 of the HNSW graph against exact search, for the queries, with and without the access filter. */
  private void recall(KnowledgeBase kb) throws IOException {
    IndexedKnowledgeBase index = store.open(KnowledgeBenchmarkData.ORG, kb.id(), kb.name());
    IndexSearcher searcher = index.index().acquire();
    try {
      Query everything = chunks(Principal.of("auditor", KnowledgeBenchmarkData.ORG, Roles.ADMINISTRATOR, "fraud_analyst"));
      Query readable = chunks(READER);
      for (var e : List.of(java.util.Map.entry("no filter", everything), java.util.Map.entry("access filter", readable))) {
        FixedBitSet[] allowed = bits(searcher, e.getValue());
        // the product searches the graph for `candidates` (100) neighbours and keeps the best;
        // a bare k=10 graph search is shown for comparison
        for (int beam : new int[] {10, store.settings().candidates(), 400, 1000}) {
          double sum = 0;
          int n = 100;
          for (int i = 0; i < n; i++) {
            float[] q = store.pipeline().embedOne(queries.get(i));
            ScoreDoc[] approx = searcher.search(new KnnFloatVectorQuery("vector", q, beam, e.getValue()), 10).scoreDocs;
            List<Double> exact = exact(searcher, q, allowed, 10);
            double tenth = exact.get(exact.size() - 1);
            int hit = 0;
            for (ScoreDoc sd : approx) {
              // ties: any chunk as similar as the exact tenth counts (mail footers repeat verbatim)
              hit += similarity(searcher, sd.doc, q) >= tenth - 1e-5 ? 1 : 0;
            }
            sum += hit / (double) exact.size();
          }
          System.out.printf(Locale.ROOT, "vector recall@10 against exact search (%s, graph search for %d, %d queries): %.3f%n",
              e.getKey(), beam, n, sum / n);
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

  private static FixedBitSet[] bits(IndexSearcher searcher, Query filter) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    FixedBitSet[] out = new FixedBitSet[leaves.size()];
    Weight w = searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : leaves) {
      FixedBitSet b = new FixedBitSet(leaf.reader().maxDoc());
      Scorer s = w.scorer(leaf);
      if (s != null) {
        DocIdSetIterator it = s.iterator();
        for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
          if (leaf.reader().getLiveDocs() == null || leaf.reader().getLiveDocs().get(d)) {
            b.set(d);
          }
        }
      }
      out[leaf.ord] = b;
    }
    return out;
  }

  /** The exact similarity of one chunk, from its full-precision vector (kept also when quantized). */
  private static double similarity(IndexSearcher searcher, int doc, float[] q) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
    FloatVectorValues values = leaf.reader().getFloatVectorValues("vector");
    if (values.advance(doc - leaf.docBase) != doc - leaf.docBase) {
      return Double.NEGATIVE_INFINITY;
    }
    float[] v = values.vectorValue();
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += q[i] * v[i];
    }
    return s;
  }

  /** The k best similarities among the allowed chunks, best first, by brute force. */
  private static List<Double> exact(IndexSearcher searcher, float[] q, FixedBitSet[] allowed, int k) throws IOException {
    PriorityQueue<Double> best = new PriorityQueue<>();
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      FloatVectorValues values = leaf.reader().getFloatVectorValues("vector");
      if (values == null) {
        continue;
      }
      for (int d = values.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = values.nextDoc()) {
        if (!allowed[leaf.ord].get(d)) {
          continue;
        }
        float[] v = values.vectorValue();
        double s = 0;
        for (int i = 0; i < v.length; i++) {
          s += q[i] * v[i];
        }
        if (best.size() < k) {
          best.add(s);
        } else if (s > best.peek()) {
          best.poll();
          best.add(s);
        }
      }
    }
    List<Double> out = new ArrayList<>(best);
    out.sort(java.util.Comparator.reverseOrder());
    return out;
  }

  @TearDown
  public void close() {
    store.close();
    metadata.close();
  }
}
