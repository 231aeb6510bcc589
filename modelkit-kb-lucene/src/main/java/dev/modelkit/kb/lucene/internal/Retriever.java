package dev.modelkit.kb.lucene.internal;

import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.SearchFilters;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchMode;
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
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;

/**
 * Ranks the chunks a caller may read, in two levels (docs/decisions/0082).
 *
 * <p>Documents are ranked first. Lexical: BM25 over each document's whole text, plus its title and
 * opening at a lower weight, with proximity boosts for adjacent query terms (short title-like
 * queries name a topic by a phrase). Vector: the
 * best chunk's cosine similarity plus the similarity to the document's centroid (the mean of its
 * chunk vectors), so that a document about the topic beats one with a single passing mention.
 * Hybrid: weighted reciprocal rank fusion of the two document rankings. Then each document
 * contributes its best chunk (by chunk-level BM25, chunk vector similarity, or their fusion), in
 * document order; if fewer than k documents match, further chunks follow in chunk order, so k hits
 * come back whenever k readable chunks match.
 *
 * <p>Every query runs with the access filter inside it (and BM25 with statistics over readable
 * content only, {@link ReadableStatistics}), so ranking never sees what the caller may not read.
 */
public final class Retriever {

  /** A ranked chunk: the Lucene doc and its score. */
  public record Ranked(int doc, double score) {}

  private static final float CONTEXT_BOOST = 0.5f;
  /** Weight of the title-and-opening field against the whole text (docs/decisions/0087). */
  private static final float LEAD_BOOST = 0.2f;
  private static final float PAIR_BOOST = 0.3f;
  private static final float PROXIMITY_BOOST = 0.1f;
  private static final int PAIR_SLOP = 3;

  private final Analyzer analyzer;
  private final int candidates;
  private final int rrfK;
  private final double lexicalWeight;
  private final double vectorWeight;

  /**
   * @param analyzer the index analyzer
   * @param candidates documents and chunks each ranking considers
   * @param rrfK the RRF constant
   * @param lexicalWeight weight of the lexical ranking in hybrid fusion
   * @param vectorWeight weight of the vector ranking in hybrid fusion
   */
  public Retriever(Analyzer analyzer, int candidates, int rrfK, double lexicalWeight, double vectorWeight) {
    this.analyzer = analyzer;
    this.candidates = candidates;
    this.rrfK = rrfK;
    this.lexicalWeight = lexicalWeight;
    this.vectorWeight = vectorWeight;
  }

  /**
   * @param filters the caller's restrictions
   * @param access the access filter of the caller
   * @param kind {@link IndexFields#CHUNK} or {@link IndexFields#RECORD}
   * @return the filter a ranking runs under: readable, searchable chunks (or records) matching the
   *     filters
   */
  public static Query filter(SearchFilters filters, Query access, String kind) {
    BooleanQuery.Builder b = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(IndexFields.KIND, kind)), Occur.FILTER)
        .add(new TermQuery(new Term(IndexFields.SEARCHABLE, "1")), Occur.FILTER)
        .add(access, Occur.FILTER);
    if (!filters.types().isEmpty()) {
      List<BytesRef> t = new ArrayList<>();
      for (DocumentType type : filters.types()) {
        t.add(new BytesRef(type.wireName()));
      }
      b.add(new TermInSetQuery(IndexFields.TYPE, t), Occur.FILTER);
    }
    if (!filters.categories().isEmpty()) {
      b.add(new TermInSetQuery(IndexFields.CATEGORY, refs(filters.categories())), Occur.FILTER);
    }
    for (String tag : filters.tags()) {
      b.add(new TermQuery(new Term(IndexFields.TAG, tag)), Occur.FILTER);
    }
    if (!filters.classifications().isEmpty()) {
      Set<String> lower = new LinkedHashSet<>();
      for (String c : filters.classifications()) {
        lower.add(c.toLowerCase(java.util.Locale.ROOT));
      }
      b.add(new TermInSetQuery(IndexFields.CLASSIFICATION, refs(lower)), Occur.FILTER);
    }
    if (filters.modifiedFrom() != null || filters.modifiedTo() != null) {
      long from = filters.modifiedFrom() == null ? Long.MIN_VALUE : filters.modifiedFrom().toEpochMilli();
      long to = filters.modifiedTo() == null ? Long.MAX_VALUE : filters.modifiedTo().toEpochMilli() - 1;
      b.add(LongPoint.newRangeQuery(IndexFields.MODIFIED, from, to), Occur.FILTER);
    }
    return b.build();
  }

  private static List<BytesRef> refs(Set<String> values) {
    List<BytesRef> out = new ArrayList<>();
    for (String v : values) {
      out.add(new BytesRef(v));
    }
    return out;
  }

  /**
   * @param text the query text
   * @return the chunk-level BM25 query over text and context, or null if the text has no
   *     indexable term
   */
  public Query chunkQuery(String text) {
    List<String> terms = analyze(text);
    if (terms.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : new LinkedHashSet<>(terms)) {
      b.add(new TermQuery(new Term(IndexFields.TEXT, t)), Occur.SHOULD);
      b.add(new BoostQuery(new TermQuery(new Term(IndexFields.CONTEXT, t)), CONTEXT_BOOST), Occur.SHOULD);
    }
    return b.build();
  }

  /**
   * @param text the query text
   * @return the document-level query over whole texts: every term (also in the title-and-opening
   *     field, weighted 0.2), plus adjacent pairs within a few positions and all
   *     terms within a window; null if the text has no indexable term
   */
  public Query documentQuery(String text) {
    List<String> terms = analyze(text);
    if (terms.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : new LinkedHashSet<>(terms)) {
      b.add(new TermQuery(new Term(IndexFields.BODY, t)), Occur.SHOULD);
      b.add(new BoostQuery(new TermQuery(new Term(IndexFields.LEAD, t)), LEAD_BOOST), Occur.SHOULD);
    }
    int pairs = 0;
    for (int i = 0; i + 1 < terms.size() && pairs < 32; i++, pairs++) {
      b.add(new BoostQuery(new PhraseQuery(PAIR_SLOP, IndexFields.BODY, terms.get(i), terms.get(i + 1)), PAIR_BOOST),
          Occur.SHOULD);
    }
    if (terms.size() > 2 && terms.size() <= 16) {
      b.add(new BoostQuery(new PhraseQuery(8 + terms.size(), IndexFields.BODY, terms.toArray(new String[0])),
          PROXIMITY_BOOST), Occur.SHOULD);
    }
    return b.build();
  }

  private List<String> analyze(String text) {
    List<String> terms = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(IndexFields.TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      // BooleanQuery allows 1024 clauses by default
      while (ts.incrementToken() && terms.size() < 300) {
        terms.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }

  /**
   * Ranks chunks for one query.
   *
   * @param plain a plain searcher (vectors, stored fields)
   * @param scoring a searcher with readable-only statistics (BM25)
   * @param mode the mode
   * @param text the query text
   * @param vector the query's unit vector, or null for lexical search
   * @param filters the caller's restrictions
   * @param access the caller's access filter
   * @param space the chunk vectors this caller and these filters may reach, or null for lexical
   *     search (see {@link #space})
   * @param k how many chunks
   * @return the ranking, each chunk scored by the score of its document's ranking
   * @throws IOException if the index cannot be read
   */
  public List<Ranked> rank(IndexSearcher plain, IndexSearcher scoring, SearchMode mode, String text, float[] vector,
      SearchFilters filters, Query access, VectorSpace space, int k) throws IOException {
    int n = Math.max(candidates, k);
    Query chunkFilter = filter(filters, access, IndexFields.CHUNK);
    Query recordFilter = filter(filters, access, IndexFields.RECORD);
    Query chunkText = mode == SearchMode.VECTOR ? null : chunkQuery(text);
    List<Ranked> lexChunks = chunkText == null ? List.of() : top(scoring, must(chunkText, chunkFilter), n);
    List<Ranked> vecChunks = mode == SearchMode.LEXICAL ? List.of() : space.nearestChunks(plain, vector, n);
    Keys keys = new Keys(plain.getIndexReader());
    Map<String, Double> docScores = switch (mode) {
      case LEXICAL -> lexicalDocuments(scoring, text, recordFilter, n, keys);
      case VECTOR -> vectorDocuments(plain, vector, space, vecChunks, recordFilter, n, keys);
      case HYBRID -> fuse(lexicalDocuments(scoring, text, recordFilter, n, keys),
          vectorDocuments(plain, vector, space, vecChunks, recordFilter, n, keys));
    };
    List<Ranked> chunkOrder = switch (mode) {
      case LEXICAL -> lexChunks;
      case VECTOR -> vecChunks;
      case HYBRID -> fuseChunks(lexChunks, vecChunks);
    };
    Map<String, Integer> best = new HashMap<>();
    for (Ranked r : chunkOrder) {
      best.putIfAbsent(keys.of(r.doc()), r.doc());
    }
    List<Ranked> out = new ArrayList<>(k);
    Set<Integer> used = new HashSet<>();
    List<String> ordered = order(docScores);
    Map<String, Integer> nearest = new HashMap<>();
    Set<String> measured = new HashSet<>();
    for (int i = 0; i < ordered.size() && out.size() < k; i++) {
      String doc = ordered.get(i);
      Integer chunk = best.get(doc);
      if (chunk == null && vector != null && measured.add(doc)) {
        // one exact pass over the chunks of this and the next documents the chunk ranking missed,
        // instead of one Lucene search per document
        Set<String> batch = new HashSet<>(List.of(doc));
        for (int j = i + 1; j < ordered.size() && batch.size() < k; j++) {
          if (!best.containsKey(ordered.get(j)) && measured.add(ordered.get(j))) {
            batch.add(ordered.get(j));
          }
        }
        nearestChunks(plain, space, vector, batch, keys, nearest);
      }
      if (chunk == null) {
        chunk = vector != null ? nearest.get(doc) : null;
      }
      if (chunk == null) {
        chunk = bestChunkOf(plain, scoring, doc, chunkText, vector == null, chunkFilter);
      }
      if (chunk != null && used.add(chunk)) {
        out.add(new Ranked(chunk, docScores.get(doc)));
      }
    }
    for (Ranked r : chunkOrder) {
      if (out.size() == k) {
        break;
      }
      if (used.add(r.doc())) {
        out.add(new Ranked(r.doc(), docScores.getOrDefault(keys.of(r.doc()), 0.0)));
      }
    }
    return out;
  }

  private static Query must(Query q, Query filter) {
    return new BooleanQuery.Builder().add(q, Occur.MUST).add(filter, Occur.FILTER).build();
  }

  private static List<Ranked> top(IndexSearcher searcher, Query q, int n) throws IOException {
    return ranked(searcher.search(q, n));
  }

  private static List<Ranked> knn(IndexSearcher searcher, String field, float[] vector, Query filter, int n)
      throws IOException {
    return ranked(searcher.search(new KnnFloatVectorQuery(field, vector, n, filter), n));
  }

  private Map<String, Double> lexicalDocuments(IndexSearcher scoring, String text, Query recordFilter, int n, Keys keys)
      throws IOException {
    Query q = documentQuery(text);
    Map<String, Double> scores = new LinkedHashMap<>();
    if (q == null) {
      return scores;
    }
    for (Ranked r : top(scoring, must(q, recordFilter), n)) {
      scores.put(keys.of(r.doc()), r.score());
    }
    return scores;
  }

  /**
   * Document similarity: the best chunk's cosine plus the cosine to the document's centroid,
   * reported as (1 + their mean) / 2 so that it lies between 0 and 1 like Lucene's vector scores.
   */
  private Map<String, Double> vectorDocuments(IndexSearcher plain, float[] vector, VectorSpace space,
      List<Ranked> vecChunks, Query recordFilter, int n, Keys keys) throws IOException {
    Map<String, Double> max = new HashMap<>();
    for (Ranked r : vecChunks) {
      max.merge(keys.of(r.doc()), 2 * r.score() - 1, Math::max);
    }
    Map<String, Double> centroid = new HashMap<>();
    for (Ranked r : knn(plain, IndexFields.CENTROID, vector, recordFilter, n)) {
      centroid.put(keys.of(r.doc()), 2 * r.score() - 1);
    }
    Set<String> missingMax = new HashSet<>(centroid.keySet());
    missingMax.removeAll(max.keySet());
    Set<String> missingCentroid = new HashSet<>(max.keySet());
    missingCentroid.removeAll(centroid.keySet());
    for (Map.Entry<Integer, Double> e : space.chunkSimilarities(plain, missingMax, vector).entrySet()) {
      max.merge(keys.of(e.getKey()), e.getValue(), Math::max);
    }
    exactSimilarities(plain, IndexFields.CENTROID, vector, recordFilter, missingCentroid, keys, centroid);
    Map<String, Double> scores = new HashMap<>();
    for (Map.Entry<String, Double> e : max.entrySet()) {
      Double c = centroid.get(e.getKey());
      if (c != null) {
        scores.put(e.getKey(), (1 + (e.getValue() + c) / 2) / 2);
      }
    }
    return scores;
  }

  /** Computes the best similarity of each listed document's vectors in a field, exactly. */
  private static void exactSimilarities(IndexSearcher searcher, String field, float[] vector, Query filter,
      Set<String> documents, Keys keys, Map<String, Double> into) throws IOException {
    if (documents.isEmpty()) {
      return;
    }
    Query q = new BooleanQuery.Builder()
        .add(new TermInSetQuery(IndexFields.DOC_ID, refs(documents)), Occur.FILTER)
        .add(filter, Occur.FILTER)
        .build();
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    int leafOrd = -1;
    FloatVectorValues values = null;
    for (int doc : DocIds.matching(searcher, q)) {
      int ord = ReaderUtil.subIndex(doc, leaves);
      LeafReaderContext leaf = leaves.get(ord);
      if (ord != leafOrd) {
        leafOrd = ord;
        values = leaf.reader().getFloatVectorValues(field);
      }
      int local = doc - leaf.docBase;
      if (values == null || values.docID() > local || values.advance(local) != local) {
        continue;
      }
      double sim = Vectors.dot(vector, values.vectorValue());
      into.merge(keys.of(doc), sim, Math::max);
    }
  }

  /**
   * The chunk of each listed document most similar to the query vector (ties to the first chunk),
   * among the chunks the space reaches; documents none of whose chunks has a vector are left out.
   */
  private static void nearestChunks(IndexSearcher plain, VectorSpace space, float[] vector, Set<String> documents,
      Keys keys, Map<String, Integer> into) throws IOException {
    Map<Integer, Double> sims = space.chunkSimilarities(plain, documents, vector);
    Map<String, Integer> best = new HashMap<>();
    for (Map.Entry<Integer, Double> e : sims.entrySet()) {
      String doc = keys.of(e.getKey());
      Integer b = best.get(doc);
      if (b == null || e.getValue() > sims.get(b) || (e.getValue().equals(sims.get(b)) && e.getKey() < b)) {
        best.put(doc, e.getKey());
      }
    }
    into.putAll(best);
  }

  /**
   * A document's best chunk when neither the chunk ranking nor vector similarity chose one: by
   * chunk-level BM25 in lexical search, else its first readable chunk.
   */
  private Integer bestChunkOf(IndexSearcher plain, IndexSearcher scoring, String doc, Query chunkText, boolean lexical,
      Query chunkFilter) throws IOException {
    Query mine = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(IndexFields.DOC_ID, doc)), Occur.FILTER)
        .add(chunkFilter, Occur.FILTER)
        .build();
    List<Ranked> r = List.of();
    if (lexical && chunkText != null) {
      r = top(scoring, must(chunkText, mine), 1);
    }
    if (r.isEmpty()) {
      r = top(plain, mine, 1);
    }
    return r.isEmpty() ? null : r.get(0).doc();
  }

  /**
   * Weighted reciprocal rank fusion of two document rankings: each document scores the sum over
   * rankings of weight / (rrfK + rank), rank counted from 1.
   */
  private Map<String, Double> fuse(Map<String, Double> lexical, Map<String, Double> vector) {
    Map<String, Double> scores = new HashMap<>();
    List<String> l = order(lexical);
    for (int i = 0; i < l.size(); i++) {
      scores.merge(l.get(i), lexicalWeight / (rrfK + i + 1), Double::sum);
    }
    List<String> v = order(vector);
    for (int i = 0; i < v.size(); i++) {
      scores.merge(v.get(i), vectorWeight / (rrfK + i + 1), Double::sum);
    }
    return scores;
  }

  /** The same fusion at chunk level, to choose each document's best chunk in hybrid mode. */
  private List<Ranked> fuseChunks(List<Ranked> lexical, List<Ranked> vector) {
    Map<Integer, Double> scores = new HashMap<>();
    for (int i = 0; i < lexical.size(); i++) {
      scores.merge(lexical.get(i).doc(), lexicalWeight / (rrfK + i + 1), Double::sum);
    }
    for (int i = 0; i < vector.size(); i++) {
      scores.merge(vector.get(i).doc(), vectorWeight / (rrfK + i + 1), Double::sum);
    }
    List<Ranked> fused = new ArrayList<>();
    scores.forEach((doc, s) -> fused.add(new Ranked(doc, s)));
    fused.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score()) : Integer.compare(a.doc(), b.doc()));
    return fused;
  }

  /** Highest score first; ties by id so that results are deterministic. */
  private static List<String> order(Map<String, Double> scores) {
    List<String> ids = new ArrayList<>(scores.keySet());
    ids.sort((a, b) -> {
      int c = Double.compare(scores.get(b), scores.get(a));
      return c != 0 ? c : a.compareTo(b);
    });
    return ids;
  }

  /** Document ids of Lucene docs, read from doc values. */
  static final class Keys {
    private final List<LeafReaderContext> leaves;
    /** Per segment, doc values reused while lookups move forward (opening them per lookup is costly). */
    private final SortedDocValues[] values;
    private final Map<Integer, String> cache = new HashMap<>();

    Keys(IndexReader reader) {
      this.leaves = reader.leaves();
      this.values = new SortedDocValues[leaves.size()];
    }

    String of(int doc) throws IOException {
      String k = cache.get(doc);
      if (k == null) {
        int ord = ReaderUtil.subIndex(doc, leaves);
        LeafReaderContext leaf = leaves.get(ord);
        int local = doc - leaf.docBase;
        SortedDocValues dv = values[ord];
        if (dv == null || dv.docID() > local) {
          dv = DocValues.getSorted(leaf.reader(), IndexFields.DOC_KEY);
          values[ord] = dv;
        }
        if (!dv.advanceExact(local)) {
          throw new IOException("chunk " + doc + " has no document key; the index is damaged, re-index it");
        }
        k = dv.lookupOrd(dv.ordValue()).utf8ToString();
        cache.put(doc, k);
      }
      return k;
    }
  }

  /**
   * @param searcher a searcher
   * @param ranking the ranked chunks
   * @param text the query text, for highlighting
   * @return the hits with highlighted passages
   * @throws IOException if the index cannot be read
   */
  public List<SearchHit> hits(IndexSearcher searcher, List<Ranked> ranking, String text) throws IOException {
    Query q = chunkQuery(text);
    Query highlightQuery = q == null ? new MatchNoDocsQuery() : onlyText(text);
    UnifiedHighlighter highlighter = UnifiedHighlighter.builderWithoutSearcher(analyzer)
        .withFormatter(new DefaultPassageFormatter("<em>", "</em>", " … ", true))
        .withMaxNoHighlightPassages(1)
        .withMaxLength(100_000)
        .build();
    List<SearchHit> out = new ArrayList<>(ranking.size());
    var stored = searcher.storedFields();
    for (Ranked r : ranking) {
      Document d = stored.document(r.doc());
      String chunk = d.get(IndexFields.TEXT);
      Object passage = highlighter.highlightWithoutSearcher(IndexFields.TEXT, highlightQuery, chunk, 2);
      out.add(new SearchHit(d.get(IndexFields.DOC_ID), d.get(IndexFields.TITLE), d.get(IndexFields.SECTION),
          d.getField(IndexFields.PAGE).numericValue().intValue(), r.score(), passage == null ? escape(chunk) : passage.toString()));
    }
    return out;
  }

  private Query onlyText(String text) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : analyze(text)) {
      b.add(new TermQuery(new Term(IndexFields.TEXT, t)), Occur.SHOULD);
    }
    return b.build();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static List<Ranked> ranked(TopDocs top) {
    List<Ranked> out = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc sd : top.scoreDocs) {
      out.add(new Ranked(sd.doc, sd.score));
    }
    return out;
  }
}
