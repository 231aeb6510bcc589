package dev.modelkit.kb.lucene.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * BM25 statistics computed over what one caller may read, instead of over the whole index.
 *
 * <p>Why: BM25 weighs a term by how many documents contain it and normalises by the average
 * length. Over the whole index those figures include documents the caller may not read, so a
 * caller could learn whether forbidden documents mention a word by watching scores move. Over the
 * readable chunks (or records, for the document-level field) they reveal nothing else. The
 * readable set is a bit set per segment, computed once per reader and caller (and cached by the
 * knowledge base); term statistics are counted from the postings of the query's terms restricted
 * to that set. When the caller may read everything, the index's own statistics are used.
 */
public final class ReadableStatistics {

  private record FieldSet(FixedBitSet[] bits, int count, boolean everything, CollectionStatistics collection) {}

  /**
   * Readable term statistics already counted, by term. Counting walks the term's whole postings
   * list, a cost every query containing a common word paid again; the figures depend only on the
   * reader and the caller's readable set, for which this object is cached.
   */
  private final Map<Term, TermStatistics> termCache = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int TERM_CACHE_LIMIT = 50_000;

  private final Map<String, FieldSet> fields;

  private ReadableStatistics(Map<String, FieldSet> fields) {
    this.fields = fields;
  }

  /**
   * @param searcher a plain searcher over the reader
   * @param readable per BM25-scored field, the query matching the documents the caller may search
   *     that carry it
   * @return the statistics
   * @throws IOException if the index cannot be read
   */
  public static ReadableStatistics compute(IndexSearcher searcher, Map<String, Query> readable) throws IOException {
    IndexReader reader = searcher.getIndexReader();
    Map<Query, FixedBitSet[]> bitsByQuery = new HashMap<>();
    Map<Query, Integer> countByQuery = new HashMap<>();
    Map<String, FieldSet> out = new HashMap<>();
    for (Map.Entry<String, Query> e : readable.entrySet()) {
      FixedBitSet[] bits = bitsByQuery.get(e.getValue());
      if (bits == null) {
        bits = bits(searcher, e.getValue());
        int count = 0;
        for (FixedBitSet b : bits) {
          count += b.cardinality();
        }
        bitsByQuery.put(e.getValue(), bits);
        countByQuery.put(e.getValue(), count);
      }
      int count = countByQuery.get(e.getValue());
      boolean everything = count == reader.getDocCount(e.getKey());
      out.put(e.getKey(), new FieldSet(bits, count, everything, everything ? null : collectionOf(reader, e.getKey(), bits)));
    }
    return new ReadableStatistics(out);
  }

  private static FixedBitSet[] bits(IndexSearcher searcher, Query filter) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    FixedBitSet[] bits = new FixedBitSet[leaves.size()];
    Weight w = searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : leaves) {
      FixedBitSet b = new FixedBitSet(leaf.reader().maxDoc());
      Scorer s = w.scorer(leaf);
      if (s != null) {
        DocIdSetIterator it = s.iterator();
        Bits live = leaf.reader().getLiveDocs();
        for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
          if (live == null || live.get(d)) {
            b.set(d);
          }
        }
      }
      bits[leaf.ord] = b;
    }
    return bits;
  }

  /** @return whether the caller may read everything that carries each scored field */
  public boolean everything() {
    for (FieldSet f : fields.values()) {
      if (!f.everything()) {
        return false;
      }
    }
    return true;
  }

  private static CollectionStatistics collectionOf(IndexReader reader, String field, FixedBitSet[] readable)
      throws IOException {
    long sumTotalTermFreq = 0;
    long sumDocFreq = 0;
    int docCount = 0;
    for (LeafReaderContext leaf : reader.leaves()) {
      NumericDocValues len = leaf.reader().getNumericDocValues(IndexFields.length(field));
      NumericDocValues uniq = leaf.reader().getNumericDocValues(IndexFields.distinct(field));
      FixedBitSet b = readable[leaf.ord];
      if (len == null || uniq == null || b.length() == 0) {
        continue;
      }
      for (int d = b.nextSetBit(0); d != DocIdSetIterator.NO_MORE_DOCS;
          d = d + 1 < b.length() ? b.nextSetBit(d + 1) : DocIdSetIterator.NO_MORE_DOCS) {
        if (len.advanceExact(d) && uniq.advanceExact(d) && len.longValue() > 0) {
          sumTotalTermFreq += len.longValue();
          sumDocFreq += uniq.longValue();
          docCount++;
        }
      }
    }
    if (docCount == 0) {
      // nothing readable carries the field: no chunk will be scored, any valid figures will do
      return new CollectionStatistics(field, 1, 1, 1, 1);
    }
    return new CollectionStatistics(field, docCount, docCount, Math.max(sumTotalTermFreq, sumDocFreq),
        Math.max(sumDocFreq, docCount));
  }

  /**
   * @param reader the reader the statistics were computed on
   * @return a searcher whose BM25 statistics are those of what the caller may read
   */
  public IndexSearcher searcher(IndexReader reader) {
    if (everything()) {
      return new IndexSearcher(reader);
    }
    return new IndexSearcher(reader) {
      @Override
      public CollectionStatistics collectionStatistics(String field) throws IOException {
        FieldSet f = fields.get(field);
        if (f == null || f.everything()) {
          return super.collectionStatistics(field);
        }
        return f.collection();
      }

      @Override
      public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
        FieldSet f = fields.get(term.field());
        if (f == null || f.everything()) {
          return super.termStatistics(term, docFreq, totalTermFreq);
        }
        TermStatistics cached = termCache.get(term);
        if (cached != null) {
          return cached;
        }
        TermStatistics counted = readable(getIndexReader(), term, f);
        if (termCache.size() >= TERM_CACHE_LIMIT) {
          termCache.clear();
        }
        termCache.put(new Term(term.field(), BytesRef.deepCopyOf(term.bytes())), counted);
        return counted;
      }
    };
  }

  private static TermStatistics readable(IndexReader reader, Term term, FieldSet f) throws IOException {
    long df = 0;
    long ttf = 0;
    for (LeafReaderContext leaf : reader.leaves()) {
      Terms terms = leaf.reader().terms(term.field());
      if (terms == null) {
        continue;
      }
      TermsEnum te = terms.iterator();
      if (!te.seekExact(term.bytes())) {
        continue;
      }
      PostingsEnum pe = te.postings(null, PostingsEnum.FREQS);
      FixedBitSet b = f.bits()[leaf.ord];
      for (int d = pe.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = pe.nextDoc()) {
        if (b.get(d)) {
          df++;
          ttf += pe.freq();
        }
      }
    }
    // a term nothing readable contains scores nothing the caller can see; any valid figure will do
    return new TermStatistics(BytesRef.deepCopyOf(term.bytes()), Math.max(1, df), Math.max(Math.max(1, df), ttf));
  }
}
