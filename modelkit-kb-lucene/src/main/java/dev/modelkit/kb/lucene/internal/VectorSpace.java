package dev.modelkit.kb.lucene.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * Vector search over chunks whose vectors are stored once per distinct embedding input
 * (docs/decisions/0086). The HNSW graph holds one vector document per distinct input; a chunk
 * names its vector by {@link IndexFields#VKEY}. A search for one caller and filter set runs the
 * graph search over the vectors that at least one matching, readable chunk uses, then expands each
 * vector found to those chunks; chunks sharing a vector share its score.
 */
public final class VectorSpace {

  private final Map<String, Integer> vectorDocs;
  private final FixedBitSet[] eligible;

  private VectorSpace(Map<String, Integer> vectorDocs, FixedBitSet[] eligible) {
    this.vectorDocs = vectorDocs;
    this.eligible = eligible;
  }

  /**
   * @param reader a reader
   * @return each distinct vector's key to its document, for the reader's lifetime (cache it)
   * @throws IOException if the index cannot be read
   */
  public static Map<String, Integer> vectorDocuments(IndexReader reader) throws IOException {
    Map<String, Integer> out = new HashMap<>();
    IndexSearcher s = new IndexSearcher(reader);
    Weight w = s.createWeight(new TermQuery(new Term(IndexFields.KIND, IndexFields.VECTOR_KIND)),
        ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : reader.leaves()) {
      Scorer sc = w.scorer(leaf);
      if (sc == null) {
        continue;
      }
      SortedDocValues keys = DocValues.getSorted(leaf.reader(), IndexFields.VKEY);
      Bits live = leaf.reader().getLiveDocs();
      DocIdSetIterator it = sc.iterator();
      for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
        if ((live == null || live.get(d)) && keys.advanceExact(d)) {
          out.putIfAbsent(keys.lookupOrd(keys.ordValue()).utf8ToString(), leaf.docBase + d);
        }
      }
    }
    return out;
  }

  /**
   * @param searcher a searcher
   * @param chunkFilter the caller's chunk filter (access, searchable, the request's filters)
   * @param vectorDocs the reader's vectors by key
   * @return the vector space of that caller and filter (cache it per reader, caller and filters)
   * @throws IOException if the index cannot be read
   */
  public static VectorSpace of(IndexSearcher searcher, Query chunkFilter, Map<String, Integer> vectorDocs)
      throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    FixedBitSet[] eligible = new FixedBitSet[leaves.size()];
    for (LeafReaderContext leaf : leaves) {
      eligible[leaf.ord] = new FixedBitSet(leaf.reader().maxDoc());
    }
    Weight w = searcher.createWeight(searcher.rewrite(chunkFilter), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : leaves) {
      Scorer sc = w.scorer(leaf);
      if (sc == null) {
        continue;
      }
      SortedDocValues keys = DocValues.getSorted(leaf.reader(), IndexFields.VKEY);
      Bits live = leaf.reader().getLiveDocs();
      Map<Integer, Integer> byOrd = new HashMap<>();
      DocIdSetIterator it = sc.iterator();
      for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
        if ((live != null && !live.get(d)) || !keys.advanceExact(d)) {
          continue;
        }
        int ord = keys.ordValue();
        Integer vectorDoc = byOrd.get(ord);
        if (vectorDoc == null) {
          vectorDoc = vectorDocs.getOrDefault(keys.lookupOrd(ord).utf8ToString(), -1);
          byOrd.put(ord, vectorDoc);
        }
        if (vectorDoc >= 0) {
          int vo = ReaderUtil.subIndex(vectorDoc, leaves);
          eligible[vo].set(vectorDoc - leaves.get(vo).docBase);
        }
      }
    }
    return new VectorSpace(vectorDocs, eligible);
  }

  /**
   * The chunks nearest to a vector: a filtered graph search for {@code n} distinct vectors, each
   * expanded to the matching chunks that use it, best first, at most {@code n}.
   *
   * @param searcher the searcher the space was built on
   * @param vector the query's unit vector
   * @param chunkFilter the same chunk filter
   * @param n how many chunks
   * @return chunks scored (1 + cosine) / 2
   * @throws IOException if the index cannot be read
   */
  public List<Retriever.Ranked> nearestChunks(IndexSearcher searcher, float[] vector, Query chunkFilter, int n)
      throws IOException {
    ScoreDoc[] vectors = searcher.search(new KnnFloatVectorQuery(IndexFields.VECTOR, vector, n,
        new DocSetQuery(eligible)), n).scoreDocs;
    List<Retriever.Ranked> out = new ArrayList<>();
    for (ScoreDoc v : vectors) {
      if (out.size() >= n) {
        break;
      }
      Query users = new BooleanQuery.Builder()
          .add(new TermQuery(new Term(IndexFields.VKEY, keyOf(searcher.getIndexReader(), v.doc))), Occur.FILTER)
          .add(chunkFilter, Occur.FILTER)
          .build();
      ScoreDoc[] chunks = searcher.search(users, n - out.size(),
          new org.apache.lucene.search.Sort(org.apache.lucene.search.SortField.FIELD_DOC)).scoreDocs;
      for (ScoreDoc c : chunks) {
        out.add(new Retriever.Ranked(c.doc, v.score));
      }
    }
    return out;
  }

  /**
   * @param reader the reader
   * @param doc a chunk or vector document
   * @return its vector key
   * @throws IOException if the index cannot be read or the document has no key
   */
  public static String keyOf(IndexReader reader, int doc) throws IOException {
    List<LeafReaderContext> leaves = reader.leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    SortedDocValues keys = DocValues.getSorted(leaf.reader(), IndexFields.VKEY);
    if (!keys.advanceExact(doc - leaf.docBase)) {
      throw new IOException("document " + doc + " has no vector key; the index is damaged, re-index it");
    }
    return keys.lookupOrd(keys.ordValue()).utf8ToString();
  }

  /**
   * Exact similarities of distinct vectors to a query.
   *
   * @param reader the reader
   * @param keys vector keys
   * @param vector the query's unit vector
   * @return cosine similarity per key found
   * @throws IOException if the index cannot be read
   */
  public Map<String, Double> similarities(IndexReader reader, Collection<String> keys, float[] vector) throws IOException {
    List<int[]> docs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String k : keys) {
      Integer d = vectorDocs.get(k);
      if (d != null && seen.add(k)) {
        docs.add(new int[] {d, names.size()});
        names.add(k);
      }
    }
    docs.sort((a, b) -> Integer.compare(a[0], b[0]));
    Map<String, Double> out = new HashMap<>();
    List<LeafReaderContext> leaves = reader.leaves();
    int leafOrd = -1;
    FloatVectorValues values = null;
    for (int[] e : docs) {
      int ord = ReaderUtil.subIndex(e[0], leaves);
      LeafReaderContext leaf = leaves.get(ord);
      if (ord != leafOrd) {
        leafOrd = ord;
        values = leaf.reader().getFloatVectorValues(IndexFields.VECTOR);
      }
      int local = e[0] - leaf.docBase;
      if (values != null && values.docID() <= local && values.advance(local) == local) {
        out.put(names.get(e[1]), Vectors.dot(vector, values.vectorValue()));
      }
    }
    return out;
  }
}
