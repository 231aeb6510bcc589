package dev.modelkit.kb.lucene.internal;

import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.SearchFilters;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;

/**
 * Ranks the chunks a caller may read. Lexical: BM25 over the chunk text and, at a lower weight,
 * its title and section path, with statistics over the readable chunks only ({@link
 * ReadableStatistics}). Vector: HNSW nearest neighbours of the query's embedding, filtered inside
 * the graph search. Hybrid: weighted reciprocal rank fusion of the two candidate lists. Every
 * ranking runs with the access filter as part of the Lucene query, so k readable chunks come back
 * whenever k exist.
 */
public final class Retriever {

  /** A ranked chunk: the Lucene doc and its score. */
  public record Ranked(int doc, double score) {}

  private static final float CONTEXT_BOOST = 0.5f;

  private final Analyzer analyzer;
  private final int candidates;
  private final int rrfK;
  private final double lexicalWeight;
  private final double vectorWeight;

  /**
   * @param analyzer the index analyzer
   * @param candidates chunks each ranking contributes to fusion
   * @param rrfK the RRF constant
   * @param lexicalWeight weight of the lexical ranking
   * @param vectorWeight weight of the vector ranking
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
   * @return the filter every ranking runs under: readable, searchable chunks matching the filters
   */
  public static Query filter(SearchFilters filters, Query access) {
    BooleanQuery.Builder b = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(IndexFields.KIND, IndexFields.CHUNK)), Occur.FILTER)
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
   * @return the BM25 query over text and context, or null if the text has no indexable term
   */
  public Query textQuery(String text) {
    Set<String> terms = analyze(text);
    if (terms.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : terms) {
      b.add(new TermQuery(new Term(IndexFields.TEXT, t)), Occur.SHOULD);
      b.add(new BoostQuery(new TermQuery(new Term(IndexFields.CONTEXT, t)), CONTEXT_BOOST), Occur.SHOULD);
    }
    return b.build();
  }

  private Set<String> analyze(String text) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream(IndexFields.TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      // BooleanQuery allows 1024 clauses by default; two per term
      while (ts.incrementToken() && terms.size() < 400) {
        terms.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }

  /**
   * @param searcher a searcher with statistics over readable chunks
   * @param textQuery the BM25 query, or null
   * @param filter the search filter
   * @param n how many
   * @return the best chunks by BM25
   * @throws IOException if the index cannot be read
   */
  public List<Ranked> lexical(IndexSearcher searcher, Query textQuery, Query filter, int n) throws IOException {
    if (textQuery == null) {
      return List.of();
    }
    Query q = new BooleanQuery.Builder().add(textQuery, Occur.MUST).add(filter, Occur.FILTER).build();
    return ranked(searcher.search(q, n));
  }

  /**
   * @param searcher a searcher
   * @param vector the query's unit vector
   * @param filter the search filter
   * @param n how many
   * @return the nearest chunks, scored (1 + cosine) / 2
   * @throws IOException if the index cannot be read
   */
  public List<Ranked> vector(IndexSearcher searcher, float[] vector, Query filter, int n) throws IOException {
    return ranked(searcher.search(new KnnFloatVectorQuery(IndexFields.VECTOR, vector, n, filter), n));
  }

  /**
   * Weighted reciprocal rank fusion: each chunk scores the sum over rankings of weight / (rrfK +
   * rank), rank counted from 1.
   *
   * @param lexical the lexical ranking
   * @param vector the vector ranking
   * @param k how many to keep
   * @return the fused ranking
   */
  public List<Ranked> fuse(List<Ranked> lexical, List<Ranked> vector, int k) {
    Map<Integer, Double> scores = new HashMap<>();
    for (int i = 0; i < lexical.size(); i++) {
      scores.merge(lexical.get(i).doc(), lexicalWeight / (rrfK + i + 1), Double::sum);
    }
    for (int i = 0; i < vector.size(); i++) {
      scores.merge(vector.get(i).doc(), vectorWeight / (rrfK + i + 1), Double::sum);
    }
    List<Ranked> fused = new ArrayList<>();
    scores.forEach((doc, s) -> fused.add(new Ranked(doc, s)));
    // ties broken by doc id so that results are deterministic
    fused.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score()) : Integer.compare(a.doc(), b.doc()));
    return fused.size() > k ? fused.subList(0, k) : fused;
  }

  /**
   * Runs a search end to end.
   *
   * @param plain a plain searcher (for vectors and stored fields)
   * @param scoring a searcher with readable-only statistics (for BM25)
   * @param mode the mode
   * @param text the query text
   * @param vector the query vector, or null for lexical search
   * @param filter the search filter
   * @param k how many
   * @return the ranking
   * @throws IOException if the index cannot be read
   */
  public List<Ranked> rank(IndexSearcher plain, IndexSearcher scoring, SearchMode mode, String text, float[] vector,
      Query filter, int k) throws IOException {
    Query textQuery = textQuery(text);
    return switch (mode) {
      case LEXICAL -> lexical(scoring, textQuery, filter, k);
      case VECTOR -> vector(plain, vector, filter, k);
      case HYBRID -> {
        int n = Math.max(k, candidates);
        yield fuse(lexical(scoring, textQuery, filter, n), vector(plain, vector, filter, n), k);
      }
    };
  }

  /**
   * @param searcher a searcher
   * @param ranking the ranked chunks
   * @param text the query text, for highlighting
   * @return the hits with highlighted passages
   * @throws IOException if the index cannot be read
   */
  public List<SearchHit> hits(IndexSearcher searcher, List<Ranked> ranking, String text) throws IOException {
    Query q = textQuery(text);
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
