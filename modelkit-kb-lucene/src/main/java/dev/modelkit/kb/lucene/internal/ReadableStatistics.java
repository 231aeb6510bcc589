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
import org.apache.lucene.util.FixedBitSet;

/**
 * BM25 statistics computed over the chunks one caller may read, instead of over the whole index.
 *
 * <p>Why: BM25 weighs a term by how many documents contain it and normalises by the average
 * length. Over the whole index those figures include documents the caller may not read, so a
 * caller could learn whether forbidden documents mention a word by watching scores move. Over the
 * readable chunks they reveal nothing else. The readable set is a bit set per segment, computed
 * once per reader and caller (and cached by the index); term statistics are counted from the
 * postings of the query's terms restricted to that set.
 */
public final class ReadableStatistics {
  private final FixedBitSet[] readable;
  private final int count;
  private final boolean everything;
  private final Map<String, CollectionStatistics> collection = new HashMap<>();

  private ReadableStatistics(FixedBitSet[] readable, int count, boolean everything) {
    this.readable = readable;
    this.count = count;
    this.everything = everything;
  }

  /**
   * @param searcher a plain searcher over the reader
   * @param filter the readable searchable chunks
   * @param fields the text fields scored with BM25
   * @return the statistics
   * @throws IOException if the index cannot be read
   */
  public static ReadableStatistics compute(IndexSearcher searcher, Query filter, List<String> fields) throws IOException {
    IndexReader reader = searcher.getIndexReader();
    List<LeafReaderContext> leaves = reader.leaves();
    FixedBitSet[] bits = new FixedBitSet[leaves.size()];
    Weight w = searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
    int count = 0;
    for (LeafReaderContext leaf : leaves) {
      FixedBitSet b = new FixedBitSet(leaf.reader().maxDoc());
      Scorer s = w.scorer(leaf);
      if (s != null) {
        DocIdSetIterator it = s.iterator();
        var live = leaf.reader().getLiveDocs();
        for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
          if (live == null || live.get(d)) {
            b.set(d);
            count++;
          }
        }
      }
      bits[leaf.ord] = b;
    }
    boolean everything = count == reader.getDocCount(fields.get(0));
    ReadableStatistics stats = new ReadableStatistics(bits, count, everything);
    if (!everything) {
      for (String field : fields) {
        stats.collection.put(field, stats.collectionOf(reader, field));
      }
    }
    return stats;
  }

  /** @return whether the caller may read every chunk, so the index's own statistics are exact */
  public boolean everything() {
    return everything;
  }

  /** @return how many chunks the caller may search */
  public int count() {
    return count;
  }

  private CollectionStatistics collectionOf(IndexReader reader, String field) throws IOException {
    long sumTotalTermFreq = 0;
    long sumDocFreq = 0;
    int docCount = 0;
    for (LeafReaderContext leaf : reader.leaves()) {
      NumericDocValues len = leaf.reader().getNumericDocValues(IndexFields.length(field));
      NumericDocValues uniq = leaf.reader().getNumericDocValues(IndexFields.distinct(field));
      FixedBitSet b = readable[leaf.ord];
      if (len == null || uniq == null) {
        continue;
      }
      for (int d = b.nextSetBit(0); d != DocIdSetIterator.NO_MORE_DOCS; d = d + 1 < b.length() ? b.nextSetBit(d + 1) : DocIdSetIterator.NO_MORE_DOCS) {
        if (len.advanceExact(d) && uniq.advanceExact(d) && len.longValue() > 0) {
          sumTotalTermFreq += len.longValue();
          sumDocFreq += uniq.longValue();
          docCount++;
        }
      }
    }
    if (docCount == 0) {
      return null;
    }
    return new CollectionStatistics(field, docCount, docCount, Math.max(sumTotalTermFreq, sumDocFreq), Math.max(sumDocFreq, docCount));
  }

  /**
   * @param reader the reader the statistics were computed on
   * @return a searcher whose BM25 statistics are those of the readable chunks
   */
  public IndexSearcher searcher(IndexReader reader) {
    if (everything) {
      return new IndexSearcher(reader);
    }
    return new IndexSearcher(reader) {
      @Override
      public CollectionStatistics collectionStatistics(String field) throws IOException {
        CollectionStatistics s = collection.get(field);
        return s != null ? s : super.collectionStatistics(field);
      }

      @Override
      public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
        if (!collection.containsKey(term.field())) {
          return super.termStatistics(term, docFreq, totalTermFreq);
        }
        long df = 0;
        long ttf = 0;
        for (LeafReaderContext leaf : getIndexReader().leaves()) {
          Terms terms = leaf.reader().terms(term.field());
          if (terms == null) {
            continue;
          }
          TermsEnum te = terms.iterator();
          if (!te.seekExact(term.bytes())) {
            continue;
          }
          PostingsEnum pe = te.postings(null, PostingsEnum.FREQS);
          FixedBitSet b = readable[leaf.ord];
          for (int d = pe.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = pe.nextDoc()) {
            if (b.get(d)) {
              df++;
              ttf += pe.freq();
            }
          }
        }
        // a term no readable chunk contains scores nothing the caller can see; any valid figure will do
        return new TermStatistics(term.bytes(), Math.max(1, df), Math.max(Math.max(1, df), ttf));
      }
    };
  }
}
