package dev.modelkit.kb.lucene.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * Vector search over chunks whose vectors are stored once per distinct embedding input
 * (docs/decisions/0086). The HNSW graph holds one vector document per distinct input; a chunk
 * names its vector by {@link IndexFields#VKEY}. A search for one caller and filter set runs the
 * graph search over the vectors that at least one matching, readable chunk uses, then expands each
 * vector found to those chunks; chunks sharing a vector share its score.
 *
 * <p>Which chunk uses which vector is read once per reader ({@link Layout}) and which chunks a
 * caller may reach once per reader, caller and filters (this class), so that a search does no
 * Lucene query per vector found or per chunk scored (docs/decisions/0088).
 */
public final class VectorSpace {

  /**
   * Per reader: each distinct vector's document, the vector each chunk uses, and the chunks using
   * each vector. Built once per reader (cache it); independent of the caller.
   */
  public static final class Layout {
    private final Map<String, Integer> vectorDocs;
    /** Global chunk doc to the global doc of its vector, -1 for documents that are not such chunks. */
    private final int[] vectorOfChunk;
    /** Chunks using vector doc v: {@code users[usersStart[v] .. usersStart[v + 1])}, ascending. */
    private final int[] usersStart;
    private final int[] users;

    private Layout(Map<String, Integer> vectorDocs, int[] vectorOfChunk, int[] usersStart, int[] users) {
      this.vectorDocs = vectorDocs;
      this.vectorOfChunk = vectorOfChunk;
      this.usersStart = usersStart;
      this.users = users;
    }

    /** @return the number of distinct vectors in the graph */
    public int vectorCount() {
      return vectorDocs.size();
    }
  }

  private final Layout layout;
  /** Global: the live chunks matching the caller's chunk filter. */
  private final FixedBitSet chunks;
  /** Per segment: the vector documents at least one of those chunks uses. */
  private final FixedBitSet[] eligible;

  private VectorSpace(Layout layout, FixedBitSet chunks, FixedBitSet[] eligible) {
    this.layout = layout;
    this.chunks = chunks;
    this.eligible = eligible;
  }

  /**
   * @param reader a reader
   * @return the vector layout of the reader, for the reader's lifetime (cache it)
   * @throws IOException if the index cannot be read
   */
  public static Layout layout(IndexReader reader) throws IOException {
    Map<String, Integer> vectorDocs = new HashMap<>();
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
          vectorDocs.putIfAbsent(keys.lookupOrd(keys.ordValue()).utf8ToString(), leaf.docBase + d);
        }
      }
    }
    int maxDoc = reader.maxDoc();
    int[] vectorOfChunk = new int[maxDoc];
    java.util.Arrays.fill(vectorOfChunk, -1);
    int[] usersStart = new int[maxDoc + 1];
    Weight cw = s.createWeight(new TermQuery(new Term(IndexFields.KIND, IndexFields.CHUNK)),
        ScoreMode.COMPLETE_NO_SCORES, 1f);
    int users = 0;
    for (LeafReaderContext leaf : reader.leaves()) {
      Scorer sc = cw.scorer(leaf);
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
          vectorOfChunk[leaf.docBase + d] = vectorDoc;
          usersStart[vectorDoc + 1]++;
          users++;
        }
      }
    }
    for (int v = 0; v < maxDoc; v++) {
      usersStart[v + 1] += usersStart[v];
    }
    int[] userList = new int[users];
    int[] fill = java.util.Arrays.copyOf(usersStart, maxDoc);
    // ascending chunk order within each vector, as the search expands them
    for (int c = 0; c < maxDoc; c++) {
      int v = vectorOfChunk[c];
      if (v >= 0) {
        userList[fill[v]++] = c;
      }
    }
    return new Layout(vectorDocs, vectorOfChunk, usersStart, userList);
  }

  /**
   * @param searcher a searcher
   * @param chunkFilter the caller's chunk filter (access, searchable, the request's filters)
   * @param layout the reader's vector layout
   * @return the vector space of that caller and filter (cache it per reader, caller and filters)
   * @throws IOException if the index cannot be read
   */
  public static VectorSpace of(IndexSearcher searcher, Query chunkFilter, Layout layout) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    FixedBitSet[] eligible = new FixedBitSet[leaves.size()];
    for (LeafReaderContext leaf : leaves) {
      eligible[leaf.ord] = new FixedBitSet(leaf.reader().maxDoc());
    }
    FixedBitSet chunks = new FixedBitSet(Math.max(1, searcher.getIndexReader().maxDoc()));
    for (int c : DocIds.matching(searcher, chunkFilter)) {
      chunks.set(c);
      int vectorDoc = layout.vectorOfChunk[c];
      if (vectorDoc >= 0) {
        int vo = ReaderUtil.subIndex(vectorDoc, leaves);
        eligible[vo].set(vectorDoc - leaves.get(vo).docBase);
      }
    }
    return new VectorSpace(layout, chunks, eligible);
  }

  /**
   * The chunks nearest to a vector: a filtered graph search for {@code n} distinct vectors, each
   * expanded to the matching chunks that use it (in index order), best first, at most {@code n}.
   *
   * @param searcher the searcher the space was built on
   * @param vector the query's unit vector
   * @param n how many chunks
   * @return chunks scored (1 + cosine) / 2
   * @throws IOException if the index cannot be read
   */
  public List<Retriever.Ranked> nearestChunks(IndexSearcher searcher, float[] vector, int n) throws IOException {
    ScoreDoc[] vectors = searcher.search(new KnnFloatVectorQuery(IndexFields.VECTOR, vector, n,
        new DocSetQuery(eligible)), n).scoreDocs;
    List<Retriever.Ranked> out = new ArrayList<>();
    for (ScoreDoc v : vectors) {
      for (int i = layout.usersStart[v.doc]; i < layout.usersStart[v.doc + 1] && out.size() < n; i++) {
        int c = layout.users[i];
        if (chunks.get(c)) {
          out.add(new Retriever.Ranked(c, v.score));
        }
      }
      if (out.size() >= n) {
        break;
      }
    }
    return out;
  }

  /**
   * Exact similarity of every chunk of the given documents that this space reaches.
   *
   * @param searcher the searcher the space was built on
   * @param documents document ids
   * @param vector the query's unit vector
   * @return cosine similarity by chunk doc
   * @throws IOException if the index cannot be read
   */
  public Map<Integer, Double> chunkSimilarities(IndexSearcher searcher, Set<String> documents, float[] vector)
      throws IOException {
    Map<Integer, Double> out = new HashMap<>();
    if (documents.isEmpty()) {
      return out;
    }
    List<BytesRef> ids = new ArrayList<>();
    for (String d : documents) {
      ids.add(new BytesRef(d));
    }
    int[] matching = DocIds.matching(searcher, new TermInSetQuery(IndexFields.DOC_ID, ids));
    int[] reached = new int[matching.length];
    int[] vectorDocs = new int[matching.length];
    int count = 0;
    for (int c : matching) {
      if (chunks.get(c) && layout.vectorOfChunk[c] >= 0) {
        reached[count] = c;
        vectorDocs[count++] = layout.vectorOfChunk[c];
      }
    }
    int[] distinct = java.util.Arrays.stream(vectorDocs, 0, count).distinct().sorted().toArray();
    double[] sims = dots(searcher.getIndexReader(), distinct, vector);
    for (int i = 0; i < count; i++) {
      int at = java.util.Arrays.binarySearch(distinct, vectorDocs[i]);
      if (!Double.isNaN(sims[at])) {
        out.put(reached[i], sims[at]);
      }
    }
    return out;
  }

  /** Dot products with the vectors of ascending global vector docs; NaN where a doc has none. */
  private static double[] dots(IndexReader reader, int[] ascending, float[] vector) throws IOException {
    double[] out = new double[ascending.length];
    List<LeafReaderContext> leaves = reader.leaves();
    int leafOrd = -1;
    FloatVectorValues values = null;
    for (int i = 0; i < ascending.length; i++) {
      int ord = ReaderUtil.subIndex(ascending[i], leaves);
      LeafReaderContext leaf = leaves.get(ord);
      if (ord != leafOrd) {
        leafOrd = ord;
        values = leaf.reader().getFloatVectorValues(IndexFields.VECTOR);
      }
      int local = ascending[i] - leaf.docBase;
      out[i] = values != null && values.docID() <= local && values.advance(local) == local
          ? Vectors.dot(vector, values.vectorValue()) : Double.NaN;
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
    Map<Integer, String> byDoc = new java.util.TreeMap<>();
    for (String k : keys) {
      Integer d = layout.vectorDocs.get(k);
      if (d != null) {
        byDoc.put(d, k);
      }
    }
    int[] docs = byDoc.keySet().stream().mapToInt(Integer::intValue).toArray();
    double[] sims = dots(reader, docs, vector);
    Map<String, Double> out = new HashMap<>();
    for (int i = 0; i < docs.length; i++) {
      if (!Double.isNaN(sims[i])) {
        out.put(byDoc.get(docs[i]), sims[i]);
      }
    }
    return out;
  }
}
