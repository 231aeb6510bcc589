package dev.modelkit.benchmarks;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.kb.lucene.KnowledgeSettings;
import dev.modelkit.kb.lucene.LuceneKnowledgeStore;
import dev.modelkit.kb.lucene.embed.CachingEmbedder;
import dev.modelkit.kb.lucene.embed.MiniLmEmbedder;
import dev.modelkit.kb.lucene.embed.PersistentEmbeddingCache;
import dev.modelkit.kb.lucene.internal.AccessPolicy;
import dev.modelkit.kb.lucene.internal.IngestPipeline;
import dev.modelkit.knowledge.KnowledgeDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ingestion throughput of real documents, one shot each (seconds per run; divide the document
 * count by it for documents per second):
 *
 * <ul>
 *   <li>{@link #corpusWithCachedVectors}: all 10,964 SpamAssassin messages and Fine Foods reviews
 *       plus the 11 policy files, in batches of 200, into a new knowledge base, with vectors from
 *       the on-disk cache: parsing, chunking, quality, near duplicates, access fields, BM25 and
 *       HNSW indexing, commits, audit records; everything but the encoder. Baseline in the same
 *       run, {@link #luceneOnlyBaseline}: a bare Lucene writer adding the same chunks with their
 *       vectors and nothing else.
 *   <li>{@link #sampleWithEncoder}: 300 messages with an empty cache, so the encoder runs.
 *       Baseline, {@link #encoderOnlyBaseline}: the encoder alone on the same chunks.
 * </ul>
 *
 * <p>Fill the cache once ({@code java -cp benchmarks/target/benchmarks.jar
 * dev.modelkit.benchmarks.KnowledgeBenchmarkData defaults}), then run: {@code java -jar
 * benchmarks/target/benchmarks.jar KnowledgeIngestBenchmark -wi 0 -i 1 -f 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgs = {"-Xmx4g", "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class KnowledgeIngestBenchmark {

  private static final int SAMPLE = 300;

  private Path home;
  private List<KnowledgeDocument> sample;

  @Setup(Level.Invocation)
  public void freshHome() throws IOException {
    home = Files.createTempDirectory("kb-ingest-bench");
    List<KnowledgeDocument> emails = KnowledgeCorpus.emails();
    SplittableRandom random = new SplittableRandom(11);
    sample = new ArrayList<>();
    for (int i = 0; i < SAMPLE; i++) {
      KnowledgeDocument d = emails.get(random.nextInt(emails.size()));
      // a marker makes every chunk new to the cache, so the encoder really runs
      sample.add(new KnowledgeDocument(d.id() + "#" + i, d.title(), "[" + System.nanoTime() + "-" + i + "] " + d.content(),
          d.type(), d.category(), d.tags(), d.metadata(), null, null, d.reviewStatus()));
    }
  }

  @TearDown(Level.Invocation)
  public void removeHome() throws IOException {
    try (Stream<Path> s = Files.walk(home)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  public long corpusWithCachedVectors() {
    try (SqliteMetadataStore metadata = SqliteMetadataStore.open(home);
        LuceneKnowledgeStore store = LuceneKnowledgeStore.builder(home).settings(KnowledgeBenchmarkData.defaultSettings())
            .build()) {
      KnowledgeBases kbs = store.knowledgeBases(KnowledgeBenchContext.of(KnowledgeBenchmarkData.MANAGER, metadata,
          Clock.systemUTC()));
      String id = kbs.create(KnowledgeBenchmarkData.ORG, "Bank operations and customer correspondence", List.of()).id();
      long docs = KnowledgeBenchmarkData.ingestCorpus(kbs, id, 200);
      System.out.printf("%n%d documents, %d chunks; encoder ran on %d chunks%n", docs, kbs.get(id).chunkCount(),
          store.embedder().misses());
      return docs;
    }
  }

  @Benchmark
  public long luceneOnlyBaseline() throws IOException {
    KnowledgeSettings s = KnowledgeBenchmarkData.defaultSettings();
    long chunks = 0;
    try (PersistentEmbeddingCache disk = PersistentEmbeddingCache.open(KnowledgeBenchmarkData.cache());
        CachingEmbedder embedder = new CachingEmbedder(new MiniLmEmbedder(0), 64L << 20, disk);
        IndexWriter w = new IndexWriter(FSDirectory.open(home.resolve("bare")), new IndexWriterConfig(new EnglishAnalyzer()))) {
      IngestPipeline pipeline = new IngestPipeline(embedder, s,
          new AccessPolicy(s.classifications(), s.clearances(), s.defaultClearance()), Clock.systemUTC());
      List<IngestPipeline.Candidate> candidates = new ArrayList<>();
      for (KnowledgeDocument d : KnowledgeBenchmarkData.textDocuments()) {
        candidates.add(pipeline.validate(pipeline.fromDocument(d)));
      }
      for (IngestPipeline.Embedded e : pipeline.embed(candidates, new java.util.HashMap<>())) {
        for (int i = 0; i < e.chunks().size(); i++) {
          Document doc = new Document();
          doc.add(new StringField("doc_id", e.candidate().document().id(), Field.Store.YES));
          doc.add(new TextField("text", e.chunks().get(i).text(), Field.Store.YES));
          doc.add(new KnnFloatVectorField("vector", e.vectors().get(i), VectorSimilarityFunction.DOT_PRODUCT));
          w.addDocument(doc);
          chunks++;
        }
      }
      w.commit();
    }
    System.out.printf("%n%d chunks (chunking and cached vectors included, files not)%n", chunks);
    return chunks;
  }

  @Benchmark
  public long sampleWithEncoder() {
    try (SqliteMetadataStore metadata = SqliteMetadataStore.open(home);
        LuceneKnowledgeStore store = LuceneKnowledgeStore.builder(home).build()) {
      KnowledgeBases kbs = store.knowledgeBases(KnowledgeBenchContext.of(KnowledgeBenchmarkData.MANAGER, metadata,
          Clock.systemUTC()));
      String id = kbs.create(KnowledgeBenchmarkData.ORG, "Sample", List.of()).id();
      long docs = 0;
      for (int i = 0; i < sample.size(); i += 50) {
        docs += kbs.addDocuments(id, sample.subList(i, Math.min(sample.size(), i + 50))).ingested().size();
      }
      System.out.printf("%n%d documents, %d chunks, all encoded%n", docs, store.embedder().misses());
      return docs;
    }
  }

  @Benchmark
  public long encoderOnlyBaseline() {
    KnowledgeSettings s = KnowledgeSettings.defaults();
    try (MiniLmEmbedder encoder = new MiniLmEmbedder(0)) {
      IngestPipeline pipeline = new IngestPipeline(encoder, s,
          new AccessPolicy(s.classifications(), s.clearances(), s.defaultClearance()), Clock.systemUTC());
      List<IngestPipeline.Candidate> candidates = new ArrayList<>();
      for (KnowledgeDocument d : sample) {
        candidates.add(pipeline.validate(pipeline.fromDocument(d)));
      }
      long chunks = 0;
      for (IngestPipeline.Embedded e : pipeline.embed(candidates, new java.util.HashMap<>())) {
        chunks += e.chunks().size();
      }
      System.out.printf("%n%d chunks encoded%n", chunks);
      return chunks;
    }
  }
}
