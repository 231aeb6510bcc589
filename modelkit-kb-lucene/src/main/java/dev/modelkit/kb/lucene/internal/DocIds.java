package dev.modelkit.kb.lucene.internal;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/**
 * The live documents a query matches, as sorted global doc ids.
 *
 * <p>Why not {@code searcher.search(query, Integer.MAX_VALUE)}: that allocates and heap-sorts a
 * priority queue as large as the whole index (every chunk, record and vector document) on every
 * call, which was the largest single cost of a hybrid search (docs/decisions/0088).
 */
final class DocIds {

  private DocIds() {}

  /**
   * @param searcher a searcher
   * @param query a filter
   * @return the global ids of the live documents it matches, ascending
   * @throws IOException if the index cannot be read
   */
  static int[] matching(IndexSearcher searcher, Query query) throws IOException {
    Collect c = new Collect();
    searcher.search(query, c);
    int[] out = Arrays.copyOf(c.docs, c.size);
    Arrays.sort(out);
    return out;
  }

  private static final class Collect extends SimpleCollector {
    private int[] docs = new int[16];
    private int size;
    private int base;

    @Override
    protected void doSetNextReader(LeafReaderContext context) {
      base = context.docBase;
    }

    @Override
    public void collect(int doc) {
      if (size == docs.length) {
        docs = Arrays.copyOf(docs, size * 2);
      }
      docs[size++] = base + doc;
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }
  }
}
