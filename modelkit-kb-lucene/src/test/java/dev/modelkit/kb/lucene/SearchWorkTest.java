package dev.modelkit.kb.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.kb.lucene.internal.IndexedKnowledgeBase;
import dev.modelkit.kb.lucene.internal.Retriever;
import dev.modelkit.kb.lucene.internal.VectorSpace;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.SearchFilters;
import dev.modelkit.knowledge.SearchMode;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Weight;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many Lucene searches one ranking runs (docs/decisions/0088). A search used to run one small
 * Lucene query per vector found (to expand it to its chunks) and heap-sort an index-sized queue
 * per document scored; on 117,131 chunks that was most of a hybrid search's time. The count is
 * structural, so this test catches a return of per-hit searches without timing anything: vector
 * and hybrid ranking run a fixed number of searches whatever k is, lexical ranking at most one
 * more per returned document (its best chunk when the chunk ranking did not reach it).
 */
class SearchWorkTest {

  @TempDir Path home;

  /** Counts top-level searches: every search, count and collector call of IndexSearcher ends here. */
  static final class CountingSearcher extends IndexSearcher {
    int searches;

    CountingSearcher(IndexReader reader) {
      super(reader);
    }

    @Override
    protected void search(List<LeafReaderContext> leaves, Weight weight, Collector collector) throws IOException {
      searches++;
      super.search(leaves, weight, collector);
    }
  }

  @Test
  void rankingRunsABoundedNumberOfSearchesWhateverTheNumberOfVectorHits() throws IOException {
    Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    Principal caller = Principal.of("eval", "eval-org", Roles.DATA_SCIENTIST);
    try (Fixture f = new Fixture(home, clock)) {
      KnowledgeBases kbs = f.as(caller);
      KnowledgeBase kb = kbs.create("eval-org", "Debian Developer's Reference", DevrefCorpus.documents().subList(0, 120));
      IndexedKnowledgeBase index = f.store.open("eval-org", kb.id(), kb.name());
      KnowledgeSettings settings = f.store.settings();
      Retriever retriever = new Retriever(index.index().analyzer(), settings.candidates(), settings.rrfK(),
          settings.lexicalWeight(), settings.vectorWeight());
      IndexSearcher acquired = index.index().acquire();
      try {
        CountingSearcher searcher = new CountingSearcher(acquired.getIndexReader());
        Query access = f.store.policy().filter(caller);
        VectorSpace space = VectorSpace.of(searcher, Retriever.filter(SearchFilters.none(), access, "chunk"),
            VectorSpace.layout(searcher.getIndexReader()));
        int rankings = 0;
        for (DevrefCorpus.Query q : DevrefCorpus.queries().subList(0, 15)) {
          float[] vector = f.store.pipeline().embedOne(q.text());
          for (int k : new int[] {10, 40}) {
            for (SearchMode mode : SearchMode.values()) {
              searcher.searches = 0;
              List<Retriever.Ranked> ranking = retriever.rank(searcher, searcher, mode, q.text(),
                  mode == SearchMode.LEXICAL ? null : vector, SearchFilters.none(), access,
                  mode == SearchMode.LEXICAL ? null : space, k);
              // every chunk has a vector, so vector and hybrid ranking always fill k; lexical only
              // as many as contain a query term
              assertTrue(mode == SearchMode.LEXICAL ? !ranking.isEmpty() && ranking.size() <= k : ranking.size() == k,
                  mode + " k=" + k + " returned " + ranking.size() + " chunks for '" + q.text() + "'");
              int bound = mode == SearchMode.LEXICAL ? 2 + k : 8;
              assertTrue(searcher.searches >= 2 && searcher.searches <= bound, mode + " k=" + k + " ran "
                  + searcher.searches + " Lucene searches for '" + q.text() + "', at most " + bound + " expected");
              rankings++;
            }
          }
        }
        assertEquals(90, rankings);
      } finally {
        index.index().release(acquired);
      }
    }
  }
}
