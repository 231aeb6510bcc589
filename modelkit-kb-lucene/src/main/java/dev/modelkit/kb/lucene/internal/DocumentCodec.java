package dev.modelkit.kb.lucene.internal;

import dev.modelkit.config.WireValue;
import dev.modelkit.knowledge.DocumentMetadata;
import dev.modelkit.knowledge.DocumentQuality;
import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.ReviewStatus;
import dev.modelkit.spi.DocumentParser.Section;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * Turns a {@link PreparedDocument} into its block of Lucene documents and reads a stored record
 * back. Everything needed to list, read and re-index a document is stored in its record, field by
 * field, so the index does not depend on any JSON codec.
 */
public final class DocumentCodec {

  /** What a record holds. */
  public record Stored(
      KnowledgeDocument document, String format, List<Section> sections, int chunkCount, String nearDuplicateOf,
      boolean heldBack, Instant indexedAt, long version, long[] minhash, String contentHash) {}

  private static final String PATH_SEPARATOR = "\u001F";

  private final Analyzer analyzer;

  /** @param analyzer the analyzer of the text fields, to count tokens the way the index does */
  public DocumentCodec(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  /**
   * @param p the prepared document
   * @param bands its MinHash band keys
   * @return its chunks followed by its record, to be written as one atomic block
   */
  public List<Document> block(PreparedDocument p, List<String> bands) {
    KnowledgeDocument d = p.document();
    List<Document> out = new ArrayList<>(p.chunks().size() + 1);
    for (int i = 0; i < p.chunks().size(); i++) {
      Chunker.Chunk c = p.chunks().get(i);
      Document doc = new Document();
      doc.add(new StringField(IndexFields.KIND, IndexFields.CHUNK, Field.Store.NO));
      doc.add(new StringField(IndexFields.DOC_ID, d.id(), Field.Store.YES));
      doc.add(new SortedDocValuesField(IndexFields.DOC_KEY, new BytesRef(d.id())));
      doc.add(new StoredField(IndexFields.CHUNK_NO, c.index()));
      doc.add(new StoredField(IndexFields.TITLE, d.title()));
      String section = String.join(" > ", c.path());
      doc.add(new StoredField(IndexFields.SECTION, section));
      doc.add(new StoredField(IndexFields.PAGE, c.page()));
      addText(doc, IndexFields.TEXT, c.text(), true);
      addText(doc, IndexFields.CONTEXT, context(d.title(), c.path()), false);
      doc.add(new StringField(IndexFields.VKEY, p.vectorKeys().get(i), Field.Store.NO));
      doc.add(new SortedDocValuesField(IndexFields.VKEY, new BytesRef(p.vectorKeys().get(i))));
      addAccessAndFilters(doc, p);
      out.add(doc);
    }
    out.add(record(p, bands));
    return out;
  }

  /**
   * The document holding one distinct chunk vector in the HNSW graph. Chunks with equal embedding
   * input share it (by {@link IndexFields#VKEY}): a graph full of identical vectors loses recall,
   * because neighbour selection prunes duplicates and leaves nodes unreachable (docs/decisions/0086).
   *
   * @param vkey the content hash of the embedding input
   * @param vector the unit vector
   * @return the vector document
   */
  public static Document vectorDocument(String vkey, float[] vector) {
    Document doc = new Document();
    doc.add(new StringField(IndexFields.KIND, IndexFields.VECTOR_KIND, Field.Store.NO));
    doc.add(new StringField(IndexFields.VKEY, vkey, Field.Store.NO));
    doc.add(new SortedDocValuesField(IndexFields.VKEY, new BytesRef(vkey)));
    doc.add(new KnnFloatVectorField(IndexFields.VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
    return doc;
  }

  /** The text a chunk's context field gets: its document title and section path. */
  static String context(String title, List<String> path) {
    StringBuilder sb = new StringBuilder(title == null ? "" : title);
    for (String s : path) {
      sb.append('\n').append(s);
    }
    return sb.toString();
  }

  /** The title and opening of a document: its title, the first chunk's headings and text. */
  static String lead(String title, List<Chunker.Chunk> chunks) {
    if (chunks.isEmpty()) {
      return title == null ? "" : title;
    }
    Chunker.Chunk first = chunks.get(0);
    return context(title, first.path()) + "\n" + first.text();
  }

  private void addText(Document doc, String field, String text, boolean stored) {
    doc.add(new TextField(field, text, stored ? Field.Store.YES : Field.Store.NO));
    int[] counts = countTokens(field, text);
    doc.add(new NumericDocValuesField(IndexFields.length(field), counts[0]));
    doc.add(new NumericDocValuesField(IndexFields.distinct(field), counts[1]));
  }

  private int[] countTokens(String field, String text) {
    Set<String> distinct = new HashSet<>();
    int n = 0;
    try (TokenStream ts = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        n++;
        distinct.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new int[] {n, distinct.size()};
  }

  private static void addAccessAndFilters(Document doc, PreparedDocument p) {
    KnowledgeDocument d = p.document();
    DocumentMetadata m = d.metadata();
    doc.add(new StringField(IndexFields.TYPE, d.type().wireName(), Field.Store.NO));
    if (d.category() != null) {
      doc.add(new StringField(IndexFields.CATEGORY, d.category(), Field.Store.NO));
    }
    for (String tag : d.tags()) {
      doc.add(new StringField(IndexFields.TAG, tag, Field.Store.NO));
    }
    doc.add(new StringField(IndexFields.CLASSIFICATION, m.classification(), Field.Store.NO));
    if (m.allowedRoles().isEmpty()) {
      doc.add(new StringField(IndexFields.ACL_ROLE, AccessPolicy.ANY_ROLE, Field.Store.NO));
    }
    for (String role : m.allowedRoles()) {
      doc.add(new StringField(IndexFields.ACL_ROLE, role, Field.Store.NO));
    }
    for (String user : m.allowedUsers()) {
      doc.add(new StringField(IndexFields.ACL_USER, user, Field.Store.NO));
    }
    doc.add(new StringField(IndexFields.SEARCHABLE, p.heldBack() ? "0" : "1", Field.Store.NO));
    Instant modified = m.lastModified() != null ? m.lastModified() : p.indexedAt();
    doc.add(new LongPoint(IndexFields.MODIFIED, modified.toEpochMilli()));
  }

  private Document record(PreparedDocument p, List<String> bands) {
    KnowledgeDocument d = p.document();
    DocumentMetadata m = d.metadata();
    Document doc = new Document();
    doc.add(new StringField(IndexFields.KIND, IndexFields.RECORD, Field.Store.NO));
    doc.add(new StringField(IndexFields.DOC_ID, d.id(), Field.Store.YES));
    doc.add(new SortedDocValuesField(IndexFields.DOC_ID_SORT, new BytesRef(d.id())));
    doc.add(new SortedDocValuesField(IndexFields.DOC_KEY, new BytesRef(d.id())));
    addAccessAndFilters(doc, p);
    for (String band : bands) {
      doc.add(new StringField(IndexFields.BAND, band, Field.Store.NO));
    }
    doc.add(new StoredField(IndexFields.TITLE, d.title()));
    doc.add(new StoredField(IndexFields.CONTENT, d.content()));
    addText(doc, IndexFields.BODY, d.content(), false);
    addText(doc, IndexFields.LEAD, lead(d.title(), p.chunks()), false);
    doc.add(new KnnFloatVectorField(IndexFields.CENTROID, Vectors.unitMean(p.vectors()), VectorSimilarityFunction.DOT_PRODUCT));
    doc.add(new StoredField(IndexFields.TYPE, d.type().wireName()));
    storeIfPresent(doc, IndexFields.CATEGORY, d.category());
    for (String tag : d.tags()) {
      doc.add(new StoredField(IndexFields.TAG, tag));
    }
    storeIfPresent(doc, IndexFields.AUTHOR, m.author());
    storeIfPresent(doc, IndexFields.DEPARTMENT, m.department());
    if (m.lastModified() != null) {
      doc.add(new StoredField(IndexFields.LAST_MODIFIED, m.lastModified().toEpochMilli()));
    }
    storeIfPresent(doc, IndexFields.VERSION_LABEL, m.version());
    doc.add(new StoredField(IndexFields.CLASSIFICATION, m.classification()));
    for (String r : m.allowedRoles()) {
      doc.add(new StoredField(IndexFields.ALLOWED_ROLE, r));
    }
    for (String u : m.allowedUsers()) {
      doc.add(new StoredField(IndexFields.ALLOWED_USER, u));
    }
    for (Map.Entry<String, String> e : m.extra().entrySet()) {
      doc.add(new StoredField(IndexFields.EXTRA_KEY, e.getKey()));
      doc.add(new StoredField(IndexFields.EXTRA_VALUE, e.getValue()));
    }
    DocumentQuality q = d.quality();
    for (double v : new double[] {q.score(), q.completeness(), q.accuracy(), q.relevance(), q.freshness()}) {
      doc.add(new StoredField(IndexFields.QUALITY, v));
    }
    if (d.lastReviewed() != null) {
      doc.add(new StoredField(IndexFields.LAST_REVIEWED, d.lastReviewed().toEpochMilli()));
    }
    doc.add(new StoredField(IndexFields.REVIEW_STATUS, d.reviewStatus().wireName()));
    doc.add(new StoredField(IndexFields.FORMAT, p.format()));
    doc.add(new StoredField(IndexFields.CHUNKS, p.chunks().size()));
    storeIfPresent(doc, IndexFields.NEAR_DUPLICATE_OF, p.nearDuplicateOf());
    doc.add(new StoredField(IndexFields.INDEXED_AT, p.indexedAt().toEpochMilli()));
    doc.add(new StoredField(IndexFields.DOC_VERSION, p.version()));
    ByteBuffer mh = ByteBuffer.allocate(8 * p.minhash().length);
    for (long v : p.minhash()) {
      mh.putLong(v);
    }
    doc.add(new StoredField(IndexFields.MINHASH, new BytesRef(mh.array())));
    for (Section s : p.sections()) {
      doc.add(new StoredField(IndexFields.SECTION_PATH, String.join(PATH_SEPARATOR, s.path())));
      doc.add(new StoredField(IndexFields.SECTION_PAGE, s.page()));
      doc.add(new StoredField(IndexFields.SECTION_TEXT, s.text()));
    }
    doc.add(new StoredField(IndexFields.HELD_BACK, p.heldBack() ? 1 : 0));
    doc.add(new StoredField(IndexFields.CONTENT_HASH, p.contentHash()));
    return doc;
  }

  private static void storeIfPresent(Document doc, String field, String value) {
    if (value != null) {
      doc.add(new StoredField(field, value));
    }
  }

  /**
   * @param doc a stored record
   * @return what it holds
   */
  public static Stored read(Document doc) {
    String id = doc.get(IndexFields.DOC_ID);
    Map<String, String> extra = new LinkedHashMap<>();
    String[] keys = doc.getValues(IndexFields.EXTRA_KEY);
    String[] values = doc.getValues(IndexFields.EXTRA_VALUE);
    for (int i = 0; i < keys.length && i < values.length; i++) {
      extra.put(keys[i], values[i]);
    }
    DocumentMetadata metadata = new DocumentMetadata(doc.get(IndexFields.AUTHOR), doc.get(IndexFields.DEPARTMENT),
        instant(doc, IndexFields.LAST_MODIFIED), doc.get(IndexFields.VERSION_LABEL), doc.get(IndexFields.CLASSIFICATION),
        List.of(doc.getValues(IndexFields.ALLOWED_ROLE)), List.of(doc.getValues(IndexFields.ALLOWED_USER)), extra);
    IndexableField[] q = doc.getFields(IndexFields.QUALITY);
    DocumentQuality quality = new DocumentQuality(num(q, 0), num(q, 1), num(q, 2), num(q, 3), num(q, 4));
    KnowledgeDocument kd = new KnowledgeDocument(id, doc.get(IndexFields.TITLE), doc.get(IndexFields.CONTENT),
        WireValue.parse(DocumentType.class, doc.get(IndexFields.TYPE)), doc.get(IndexFields.CATEGORY),
        List.of(doc.getValues(IndexFields.TAG)), metadata, quality, instant(doc, IndexFields.LAST_REVIEWED),
        WireValue.parse(ReviewStatus.class, doc.get(IndexFields.REVIEW_STATUS)));
    List<Section> sections = new ArrayList<>();
    String[] paths = doc.getValues(IndexFields.SECTION_PATH);
    IndexableField[] pages = doc.getFields(IndexFields.SECTION_PAGE);
    String[] texts = doc.getValues(IndexFields.SECTION_TEXT);
    for (int i = 0; i < texts.length; i++) {
      List<String> path = paths[i].isEmpty() ? List.of() : List.of(paths[i].split(PATH_SEPARATOR, -1));
      sections.add(new Section(path, pages[i].numericValue().intValue(), texts[i]));
    }
    BytesRef mh = doc.getBinaryValue(IndexFields.MINHASH);
    long[] minhash = new long[mh == null ? 0 : mh.length / 8];
    if (mh != null) {
      ByteBuffer b = ByteBuffer.wrap(mh.bytes, mh.offset, mh.length);
      for (int i = 0; i < minhash.length; i++) {
        minhash[i] = b.getLong();
      }
    }
    return new Stored(kd, doc.get(IndexFields.FORMAT), sections, intValue(doc, IndexFields.CHUNKS),
        doc.get(IndexFields.NEAR_DUPLICATE_OF), intValue(doc, IndexFields.HELD_BACK) == 1,
        instant(doc, IndexFields.INDEXED_AT), doc.getField(IndexFields.DOC_VERSION).numericValue().longValue(), minhash,
        doc.get(IndexFields.CONTENT_HASH));
  }

  private static double num(IndexableField[] f, int i) {
    return i < f.length ? f[i].numericValue().doubleValue() : 0;
  }

  private static int intValue(Document doc, String field) {
    IndexableField f = doc.getField(field);
    return f == null ? 0 : f.numericValue().intValue();
  }

  private static Instant instant(Document doc, String field) {
    IndexableField f = doc.getField(field);
    return f == null ? null : Instant.ofEpochMilli(f.numericValue().longValue());
  }
}
