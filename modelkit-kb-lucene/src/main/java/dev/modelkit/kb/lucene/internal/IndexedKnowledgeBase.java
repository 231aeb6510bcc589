package dev.modelkit.kb.lucene.internal;

import dev.modelkit.NotFoundException;
import dev.modelkit.StoreException;
import dev.modelkit.kb.lucene.KnowledgeSettings;
import dev.modelkit.knowledge.DocumentSummary;
import dev.modelkit.knowledge.IngestOptions;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.QualityMetrics;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchMode;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.DocumentParseException;
import dev.modelkit.spi.DocumentParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

/**
 * The operations of one knowledge base on its index: ingestion, deletion, re-indexing, search,
 * figures and listings. Permissions and the metadata store are the caller's business; this class
 * applies per-document access control, which lives in the index.
 */
public final class IndexedKnowledgeBase {

  /** Something to ingest. */
  public sealed interface Source permits Given, FileSource {
    /** @return the name errors are reported under */
    String name();
  }

  /**
   * A document given as text.
   *
   * @param document the document
   */
  public record Given(KnowledgeDocument document) implements Source {
    @Override
    public String name() {
      return document.id();
    }
  }

  /** Reads a file's bytes; may fail. */
  public interface ByteSource {
    /**
     * @param maxBytes the largest size accepted
     * @return the bytes
     * @throws IOException if they cannot be read
     * @throws DocumentParseException if they are too many
     */
    byte[] read(long maxBytes) throws IOException;
  }

  /**
   * A file to detect and parse.
   *
   * @param name the file name
   * @param bytes its content
   * @param options what the documents get
   */
  public record FileSource(String name, ByteSource bytes, IngestOptions options) implements Source {}

  /**
   * What an ingestion did.
   *
   * @param report the report for the caller
   * @param summary one line for the audit trail
   */
  public record Outcome(IngestReport report, String summary) {}

  /**
   * Figures over the documents one caller may read.
   *
   * @param documents documents
   * @param chunks searchable chunks
   * @param heldBack held-back documents
   * @param nearDuplicates near duplicates of another readable document
   * @param quality aggregate quality
   * @param byType documents per type
   * @param byFormat documents per format
   * @param byClassification documents per classification
   */
  public record Figures(long documents, long chunks, long heldBack, long nearDuplicates, QualityMetrics quality,
      Map<String, Long> byType, Map<String, Long> byFormat, Map<String, Long> byClassification) {}

  private static final int WINDOW = 32;
  private static final Set<String> FIGURE_FIELDS = Set.of(IndexFields.DOC_ID, IndexFields.TYPE, IndexFields.FORMAT,
      IndexFields.CLASSIFICATION, IndexFields.QUALITY, IndexFields.HELD_BACK, IndexFields.NEAR_DUPLICATE_OF,
      IndexFields.CHUNKS);

  private final KnowledgeIndex index;
  private final IngestPipeline pipeline;
  private final ParserRegistry parsers;
  private final AccessPolicy policy;
  private final Retriever retriever;
  private final KnowledgeSettings settings;
  private final ExecutorService parsePool;
  private final DocumentCodec codec;
  private final String topic;
  /** Statistics are valid for one reader (one commit) and one caller's access rule. */
  private record StatsKey(Object reader, String caller) {}

  private final Map<StatsKey, ReadableStatistics> statsCache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<StatsKey, ReadableStatistics> eldest) {
      return size() > 32;
    }
  };
  private volatile float[] topicVector;
  private final java.util.concurrent.atomic.AtomicBoolean used = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * @param index the index
   * @param pipeline the ingestion pipeline
   * @param parsers the parsers
   * @param policy the access policy
   * @param settings the settings
   * @param parsePool threads that run parsers under the time limit
   * @param topic the knowledge base's name, which relevance is scored against
   */
  public IndexedKnowledgeBase(KnowledgeIndex index, IngestPipeline pipeline, ParserRegistry parsers, AccessPolicy policy,
      KnowledgeSettings settings, ExecutorService parsePool, String topic) {
    this.index = index;
    this.pipeline = pipeline;
    this.parsers = parsers;
    this.policy = policy;
    this.settings = settings;
    this.parsePool = parsePool;
    this.topic = topic;
    this.codec = new DocumentCodec(index.analyzer());
    this.retriever = new Retriever(index.analyzer(), settings.candidates(), settings.rrfK(), settings.lexicalWeight(),
        settings.vectorWeight());
  }

  /** @return true the first time it is called on this open index (to reconcile the record once) */
  public boolean firstUse() {
    return used.compareAndSet(false, true);
  }

  /** @return the index */
  public KnowledgeIndex index() {
    return index;
  }

  private float[] topic() {
    float[] t = topicVector;
    if (t == null) {
      t = pipeline.embedOne(topic);
      topicVector = t;
    }
    return t;
  }

  // ---------------------------------------------------------------- writes

  /**
   * Ingests documents and files, committing once at the end.
   *
   * @param sources what to ingest
   * @param mustExist ids that must already be stored (an update), or empty
   * @return the report and an audit summary
   * @throws NotFoundException if a document that must exist does not
   * @throws StoreException if the index fails; nothing of the batch is then kept
   */
  public Outcome ingest(List<Source> sources, Set<String> mustExist) {
    index.writeLock().lock();
    IndexSearcher searcher = index.acquire();
    try {
      for (String id : mustExist) {
        if (record(searcher, id, null) == null) {
          throw new NotFoundException("Document '" + id + "' does not exist in this knowledge base; add it with"
              + " addDocuments instead");
        }
      }
      Batch batch = new Batch(searcher, index.version());
      for (int start = 0; start < sources.size(); start += WINDOW) {
        List<IngestPipeline.Candidate> candidates = new ArrayList<>();
        for (Source s : sources.subList(start, Math.min(sources.size(), start + WINDOW))) {
          candidates.addAll(candidates(s, batch.failed));
        }
        write(pipeline.embed(candidates, batch.failed), batch);
      }
      return batch.commit("ingested");
    } catch (RuntimeException e) {
      index.rollback();
      throw e;
    } finally {
      index.release(searcher);
      index.writeLock().unlock();
    }
  }

  /**
   * Re-chunks, re-embeds and re-scores every stored document.
   *
   * @return the report and an audit summary
   */
  public Outcome reindex() {
    index.writeLock().lock();
    IndexSearcher searcher = index.acquire();
    try {
      Batch batch = new Batch(searcher, index.version());
      TopDocs all = searcher.search(new TermQuery(new Term(IndexFields.KIND, IndexFields.RECORD)), Integer.MAX_VALUE);
      List<IngestPipeline.Candidate> stored = new ArrayList<>(all.scoreDocs.length);
      var fields = searcher.storedFields();
      for (ScoreDoc sd : all.scoreDocs) {
        DocumentCodec.Stored s = DocumentCodec.read(fields.document(sd.doc));
        stored.add(new IngestPipeline.Candidate(s.document(), s.format(), s.sections()));
      }
      // rebuilt from scratch (the embedder may have another dimension); nothing is visible or
      // durable until the commit, so a failure or a crash leaves the old index
      index.clear();
      batch.cleared = true;
      for (int start = 0; start < stored.size(); start += WINDOW) {
        write(pipeline.embed(stored.subList(start, Math.min(stored.size(), start + WINDOW)), batch.failed), batch);
      }
      return batch.commit("reindexed");
    } catch (IOException e) {
      index.rollback();
      throw new StoreException("Could not re-index " + index.path() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      index.rollback();
      throw e;
    } finally {
      index.release(searcher);
      index.writeLock().unlock();
    }
  }

  /**
   * @param documentId the document
   * @return the new version if it existed, else -1
   */
  public long delete(String documentId) {
    index.writeLock().lock();
    IndexSearcher searcher = index.acquire();
    try {
      if (record(searcher, documentId, null) == null) {
        return -1;
      }
      index.remove(documentId);
      long v = index.version() + 1;
      index.commit(v, "deleted " + documentId);
      return v;
    } catch (RuntimeException e) {
      index.rollback();
      throw e;
    } finally {
      index.release(searcher);
      index.writeLock().unlock();
    }
  }

  private final class Batch {
    final IndexSearcher searcher;
    long version;
    final Map<String, String> failed = new LinkedHashMap<>();
    final Set<String> ingested = new LinkedHashSet<>();
    final Set<String> heldBack = new LinkedHashSet<>();
    final Map<String, Long> versions = new HashMap<>();
    final Set<String> vectorKeys = new HashSet<>();
    /** Set when the index was cleared: the searcher's vectors are gone. */
    boolean cleared;
    final Map<String, long[]> signatures = new HashMap<>();
    final Map<String, List<String>> bandMembers = new HashMap<>();

    Batch(IndexSearcher searcher, long version) {
      this.searcher = searcher;
      this.version = version;
    }

    Outcome commit(String verb) {
      for (String id : ingested) {
        failed.remove(id);
      }
      if (!ingested.isEmpty()) {
        index.commit(version, verb + " " + ingested.size() + " documents; failed " + failed.size());
      }
      String summary = verb + " " + ingested.size() + " document(s)" + (heldBack.isEmpty() ? "" : ", " + heldBack.size()
          + " held back") + (failed.isEmpty() ? "" : "; refused " + failed.size() + ": " + abbreviate(failed.keySet()));
      return new Outcome(new IngestReport(List.copyOf(ingested), failed, List.copyOf(heldBack), index.version()), summary);
    }
  }

  private static String abbreviate(Set<String> ids) {
    List<String> list = new ArrayList<>(ids);
    return list.size() <= 10 ? list.toString() : list.subList(0, 10) + " and " + (list.size() - 10) + " more";
  }

  private List<IngestPipeline.Candidate> candidates(Source source, Map<String, String> failed) {
    List<IngestPipeline.Candidate> out = new ArrayList<>();
    try {
      if (source instanceof Given g) {
        out.add(pipeline.validate(pipeline.fromDocument(g.document())));
      } else if (source instanceof FileSource f) {
        for (IngestPipeline.Candidate c : parse(f)) {
          try {
            out.add(pipeline.validate(c));
          } catch (DocumentParseException e) {
            failed.put(c.document().id(), e.getMessage());
          }
        }
      }
    } catch (DocumentParseException e) {
      failed.put(source.name(), e.getMessage());
    } catch (dev.modelkit.ConfigurationException e) {
      failed.put(source.name(), e.getMessage());
    }
    return out;
  }

  private List<IngestPipeline.Candidate> parse(FileSource f) {
    byte[] bytes;
    try {
      bytes = f.bytes().read(settings.limits().maxBytes());
    } catch (IOException e) {
      throw new DocumentParseException("'" + f.name() + "' could not be read: " + e.getMessage(), e);
    }
    DocumentParser parser = parsers.detect(f.name(), bytes);
    DocumentParser.Input input = new DocumentParser.Input(f.name(), bytes, f.options().parserOptions(), settings.limits());
    Future<List<DocumentParser.Parsed>> future = parsePool.submit(() -> parser.parse(input));
    List<DocumentParser.Parsed> parsed;
    try {
      parsed = future.get(settings.parseTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new DocumentParseException("'" + f.name() + "' took longer than " + settings.parseTimeout().toSeconds()
          + " s to parse and was abandoned; it may be malformed or very large. Raise modelkit.knowledge.parseTimeout"
          + " if it is genuine", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new DocumentParseException("ingestion was interrupted while parsing '" + f.name() + "'", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof DocumentParseException dpe) {
        throw dpe;
      }
      if (cause instanceof OutOfMemoryError) {
        throw new DocumentParseException("'" + f.name() + "' needs more memory to parse than the JVM has; it is"
            + " refused. Lower modelkit.knowledge.maxChars or give the JVM more heap", cause);
      }
      throw new DocumentParseException("'" + f.name() + "' broke the " + parser.format() + " parser (" + cause
          + "); it is malformed", cause);
    }
    return pipeline.fromParsed(f.name(), parser.format(), parsed, f.options());
  }

  private void write(List<IngestPipeline.Embedded> embedded, Batch batch) {
    for (IngestPipeline.Embedded e : embedded) {
      KnowledgeDocument d = e.candidate().document();
      String id = d.id();
      long previous = batch.versions.containsKey(id) ? batch.versions.get(id) : storedVersion(batch.searcher, id);
      long[] sig = MinHash.signature(MinHash.textWithHeadings(e.candidate().sections()));
      List<String> bands = MinHash.bands(sig);
      String dup = nearDuplicate(batch, id, sig, bands);
      PreparedDocument p = pipeline.finish(e, topic(), previous + 1, dup, sig);
      index.put(id, codec.block(p, bands));
      for (int i = 0; i < p.vectorKeys().size(); i++) {
        String vkey = p.vectorKeys().get(i);
        if (batch.vectorKeys.add(vkey) && (batch.cleared || !hasVector(batch.searcher, vkey))) {
          index.add(DocumentCodec.vectorDocument(vkey, p.vectors().get(i)));
        }
      }
      batch.version++;
      batch.versions.put(id, previous + 1);
      batch.ingested.add(id);
      batch.failed.remove(id);
      if (p.heldBack()) {
        batch.heldBack.add(id);
      } else {
        batch.heldBack.remove(id);
      }
      batch.signatures.put(id, sig);
      for (String b : bands) {
        batch.bandMembers.computeIfAbsent(b, x -> new ArrayList<>()).add(id);
      }
    }
  }

  private static boolean hasVector(IndexSearcher searcher, String vkey) {
    try {
      return searcher.count(new BooleanQuery.Builder()
          .add(new TermQuery(new Term(IndexFields.KIND, IndexFields.VECTOR_KIND)), Occur.FILTER)
          .add(new TermQuery(new Term(IndexFields.VKEY, vkey)), Occur.FILTER)
          .build()) > 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long storedVersion(IndexSearcher searcher, String id) {
    DocumentCodec.Stored s = record(searcher, id, null);
    return s == null ? 0 : s.version();
  }

  /** The earliest-named document whose signature matches closely enough, if any. */
  private String nearDuplicate(Batch batch, String id, long[] sig, List<String> bands) {
    Set<String> matches = new java.util.TreeSet<>();
    for (String b : bands) {
      for (String other : batch.bandMembers.getOrDefault(b, List.of())) {
        if (!other.equals(id) && MinHash.similarity(sig, batch.signatures.get(other)) >= settings.nearDuplicateThreshold()) {
          matches.add(other);
        }
      }
    }
    try {
      List<BytesRef> terms = new ArrayList<>();
      for (String b : bands) {
        terms.add(new BytesRef(b));
      }
      Query q = new BooleanQuery.Builder()
          .add(new TermQuery(new Term(IndexFields.KIND, IndexFields.RECORD)), Occur.FILTER)
          .add(new TermInSetQuery(IndexFields.BAND, terms), Occur.FILTER)
          .build();
      var stored = batch.searcher.storedFields();
      for (ScoreDoc sd : batch.searcher.search(q, 50).scoreDocs) {
        Document d = stored.document(sd.doc, Set.of(IndexFields.DOC_ID, IndexFields.MINHASH));
        String other = d.get(IndexFields.DOC_ID);
        if (other.equals(id) || batch.versions.containsKey(other)) {
          continue;
        }
        BytesRef mh = d.getBinaryValue(IndexFields.MINHASH);
        long[] otherSig = new long[mh.length / 8];
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(mh.bytes, mh.offset, mh.length);
        for (int i = 0; i < otherSig.length; i++) {
          otherSig[i] = buf.getLong();
        }
        if (MinHash.similarity(sig, otherSig) >= settings.nearDuplicateThreshold()) {
          matches.add(other);
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return matches.isEmpty() ? null : matches.iterator().next();
  }

  // ---------------------------------------------------------------- reads

  private DocumentCodec.Stored record(IndexSearcher searcher, String id, Query access) {
    try {
      BooleanQuery.Builder q = new BooleanQuery.Builder()
          .add(new TermQuery(new Term(IndexFields.KIND, IndexFields.RECORD)), Occur.FILTER)
          .add(new TermQuery(new Term(IndexFields.DOC_ID, id)), Occur.FILTER);
      if (access != null) {
        q.add(access, Occur.FILTER);
      }
      TopDocs top = searcher.search(q.build(), 1);
      return top.scoreDocs.length == 0 ? null : DocumentCodec.read(searcher.storedFields().document(top.scoreDocs[0].doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param principal the caller
   * @param request the query
   * @param queryVector the query's unit vector, or null for lexical search
   * @return the hits
   */
  public List<SearchHit> search(Principal principal, SearchRequest request, float[] queryVector) {
    IndexSearcher plain = index.acquire();
    try {
      Query access = policy.filter(principal);
      IndexSearcher scoring = request.mode() == SearchMode.VECTOR ? plain
          : statistics(plain, principal, access).searcher(plain.getIndexReader());
      VectorSpace space = request.mode() == SearchMode.LEXICAL ? null
          : vectorSpace(plain, principal, request.filters(), access);
      List<Retriever.Ranked> ranking = retriever.rank(plain, scoring, request.mode(), request.query(), queryVector,
          request.filters(), access, space, request.k());
      return retriever.hits(plain, ranking, request.query());
    } catch (IOException e) {
      throw new StoreException("Could not search " + index.path() + ": " + e.getMessage(), e);
    } finally {
      index.release(plain);
    }
  }

  /** Vector documents per reader, and the vectors each caller and filter set may reach. */
  private record SpaceKey(Object reader, String caller, dev.modelkit.knowledge.SearchFilters filters) {}

  private final Map<Object, VectorSpace.Layout> vectorDocsCache = new LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Object, VectorSpace.Layout> eldest) {
      return size() > 2;
    }
  };
  private final Map<SpaceKey, VectorSpace> spaceCache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<SpaceKey, VectorSpace> eldest) {
      return size() > 32;
    }
  };

  private VectorSpace vectorSpace(IndexSearcher searcher, Principal principal, dev.modelkit.knowledge.SearchFilters filters,
      Query access) throws IOException {
    IndexReader reader = searcher.getIndexReader();
    Object readerKey = reader.getReaderCacheHelper().getKey();
    SpaceKey key = new SpaceKey(readerKey, policy.cacheKey(principal), filters);
    synchronized (spaceCache) {
      VectorSpace s = spaceCache.get(key);
      if (s != null) {
        return s;
      }
    }
    VectorSpace.Layout docs;
    synchronized (vectorDocsCache) {
      docs = vectorDocsCache.get(readerKey);
    }
    if (docs == null) {
      docs = VectorSpace.layout(reader);
      synchronized (vectorDocsCache) {
        vectorDocsCache.put(readerKey, docs);
      }
    }
    VectorSpace s = VectorSpace.of(searcher, Retriever.filter(filters, access, IndexFields.CHUNK), docs);
    synchronized (spaceCache) {
      spaceCache.put(key, s);
    }
    return s;
  }

  private ReadableStatistics statistics(IndexSearcher searcher, Principal principal, Query access) throws IOException {
    IndexReader reader = searcher.getIndexReader();
    StatsKey key = new StatsKey(reader.getReaderCacheHelper().getKey(), policy.cacheKey(principal));
    synchronized (statsCache) {
      ReadableStatistics s = statsCache.get(key);
      if (s != null) {
        return s;
      }
    }
    Query chunks = Retriever.filter(dev.modelkit.knowledge.SearchFilters.none(), access, IndexFields.CHUNK);
    Query records = Retriever.filter(dev.modelkit.knowledge.SearchFilters.none(), access, IndexFields.RECORD);
    ReadableStatistics s = ReadableStatistics.compute(new IndexSearcher(reader),
        Map.of(IndexFields.TEXT, chunks, IndexFields.CONTEXT, chunks, IndexFields.BODY, records,
            IndexFields.LEAD, records));
    synchronized (statsCache) {
      statsCache.put(key, s);
    }
    return s;
  }

  /**
   * @param principal the caller
   * @return figures over the documents the caller may read
   */
  public Figures figures(Principal principal) {
    return figures(readableRecords(principal));
  }

  /** @return figures over every document, for the knowledge base's own record */
  public Figures figuresOfAll() {
    return figures(new TermQuery(new Term(IndexFields.KIND, IndexFields.RECORD)));
  }

  private Figures figures(Query q) {
    IndexSearcher searcher = index.acquire();
    try {
      TopDocs all = searcher.search(q, Integer.MAX_VALUE);
      var stored = searcher.storedFields();
      List<Document> docs = new ArrayList<>(all.scoreDocs.length);
      Set<String> readable = new HashSet<>();
      for (ScoreDoc sd : all.scoreDocs) {
        Document d = stored.document(sd.doc, FIGURE_FIELDS);
        docs.add(d);
        readable.add(d.get(IndexFields.DOC_ID));
      }
      long chunks = 0;
      long held = 0;
      long dups = 0;
      double[] sums = new double[5];
      Map<String, Long> byType = new TreeMap<>();
      Map<String, Long> byFormat = new TreeMap<>();
      Map<String, Long> byClass = new TreeMap<>();
      for (Document d : docs) {
        boolean isHeld = d.getField(IndexFields.HELD_BACK).numericValue().intValue() == 1;
        held += isHeld ? 1 : 0;
        chunks += isHeld ? 0 : d.getField(IndexFields.CHUNKS).numericValue().longValue();
        String dup = d.get(IndexFields.NEAR_DUPLICATE_OF);
        dups += dup != null && readable.contains(dup) ? 1 : 0;
        var q5 = d.getFields(IndexFields.QUALITY);
        for (int i = 0; i < 5 && i < q5.length; i++) {
          sums[i] += q5[i].numericValue().doubleValue();
        }
        byType.merge(d.get(IndexFields.TYPE), 1L, Long::sum);
        byFormat.merge(d.get(IndexFields.FORMAT), 1L, Long::sum);
        byClass.merge(d.get(IndexFields.CLASSIFICATION), 1L, Long::sum);
      }
      int n = docs.size();
      QualityMetrics qm = new QualityMetrics(n, avg(sums[0], n), avg(sums[1], n), avg(sums[2], n), avg(sums[3], n),
          avg(sums[4], n), dups, held);
      return new Figures(n, chunks, held, dups, qm, byType, byFormat, byClass);
    } catch (IOException e) {
      throw new StoreException("Could not read " + index.path() + ": " + e.getMessage(), e);
    } finally {
      index.release(searcher);
    }
  }

  private static double avg(double sum, int n) {
    return n == 0 ? 0 : Math.round(sum / n * 10_000) / 10_000.0;
  }

  private Query readableRecords(Principal principal) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(IndexFields.KIND, IndexFields.RECORD)), Occur.FILTER)
        .add(policy.filter(principal), Occur.FILTER)
        .build();
  }

  /**
   * @param principal the caller
   * @param offset how many to skip
   * @param limit the most to return
   * @return the readable documents ordered by id
   */
  public List<DocumentSummary> documents(Principal principal, int offset, int limit) {
    IndexSearcher searcher = index.acquire();
    try {
      Query access = policy.filter(principal);
      Query q = readableRecords(principal);
      TopDocs top = searcher.search(q, offset + limit, new Sort(new SortField(IndexFields.DOC_ID_SORT, SortField.Type.STRING)));
      List<DocumentSummary> out = new ArrayList<>();
      var stored = searcher.storedFields();
      for (int i = offset; i < top.scoreDocs.length; i++) {
        DocumentCodec.Stored s = DocumentCodec.read(stored.document(top.scoreDocs[i].doc));
        KnowledgeDocument d = s.document();
        String dup = s.nearDuplicateOf() != null && record(searcher, s.nearDuplicateOf(), access) != null
            ? s.nearDuplicateOf() : null;
        out.add(new DocumentSummary(d.id(), d.title(), d.type(), d.category(), d.tags(), d.metadata().classification(),
            s.format(), s.chunkCount(), d.quality(), d.reviewStatus(), s.heldBack(), dup, d.metadata().lastModified(),
            s.indexedAt(), s.version()));
      }
      return out;
    } catch (IOException e) {
      throw new StoreException("Could not read " + index.path() + ": " + e.getMessage(), e);
    } finally {
      index.release(searcher);
    }
  }

  /**
   * @param principal the caller
   * @param documentId the document
   * @return the document, or null if it does not exist or the caller may not read it
   */
  public KnowledgeDocument document(Principal principal, String documentId) {
    IndexSearcher searcher = index.acquire();
    try {
      DocumentCodec.Stored s = record(searcher, documentId, policy.filter(principal));
      return s == null ? null : s.document();
    } finally {
      index.release(searcher);
    }
  }

  /** @return per stored document, the chunk count its record declares (to verify the index) */
  public Map<String, Integer> chunkCounts() {
    IndexSearcher searcher = index.acquire();
    try {
      Map<String, Integer> records = new TreeMap<>();
      var stored = searcher.storedFields();
      for (ScoreDoc sd : searcher.search(new TermQuery(new Term(IndexFields.KIND, IndexFields.RECORD)), Integer.MAX_VALUE).scoreDocs) {
        Document d = stored.document(sd.doc, Set.of(IndexFields.DOC_ID, IndexFields.CHUNKS));
        records.put(d.get(IndexFields.DOC_ID), d.getField(IndexFields.CHUNKS).numericValue().intValue());
      }
      return records;
    } catch (IOException e) {
      throw new StoreException("Could not read " + index.path() + ": " + e.getMessage(), e);
    } finally {
      index.release(searcher);
    }
  }

  /**
   * @return per stored document, how many chunk documents the index actually holds for it (to
   *     check that no document is partial)
   */
  public Map<String, Integer> indexedChunks() {
    IndexSearcher searcher = index.acquire();
    try {
      Map<String, Integer> counts = new TreeMap<>();
      var stored = searcher.storedFields();
      for (ScoreDoc sd : searcher.search(new TermQuery(new Term(IndexFields.KIND, IndexFields.CHUNK)), Integer.MAX_VALUE).scoreDocs) {
        counts.merge(stored.document(sd.doc, Set.of(IndexFields.DOC_ID)).get(IndexFields.DOC_ID), 1, Integer::sum);
      }
      return counts;
    } catch (IOException e) {
      throw new StoreException("Could not read " + index.path() + ": " + e.getMessage(), e);
    } finally {
      index.release(searcher);
    }
  }
}
