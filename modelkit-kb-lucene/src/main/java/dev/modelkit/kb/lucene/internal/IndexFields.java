package dev.modelkit.kb.lucene.internal;

/**
 * Field names of the knowledge index. Each document is one block: its chunks, then one record
 * holding the document itself (for listings, reads and re-indexing). Chunks and records both carry
 * the access-control and filter fields, so the same filters apply to search, counts and listings.
 */
final class IndexFields {
  private IndexFields() {}

  /** {@link #CHUNK} or {@link #RECORD}. */
  static final String KIND = "kind";
  static final String CHUNK = "chunk";
  static final String RECORD = "record";
  /** A distinct chunk vector: kind of the documents that hold the HNSW graph of chunk vectors. */
  static final String VECTOR_KIND = "vector";
  /** The content hash of a chunk's embedding input, on chunks and on the vector they share. */
  static final String VKEY = "vkey";

  static final String DOC_ID = "doc_id";
  static final String DOC_ID_SORT = "doc_id_sort";
  static final String CHUNK_NO = "chunk_no";
  static final String TITLE = "title";
  static final String SECTION = "section";
  static final String PAGE = "page";
  /** The chunk's text: BM25, highlighting. */
  static final String TEXT = "text";
  /** The title and section path of a chunk: BM25 with a lower weight. */
  static final String CONTEXT = "context";
  /** The HNSW field of distinct chunk vectors (on vector documents, not on chunks). */
  static final String VECTOR = "vector";
  /** The whole text of a document, on its record: document-level BM25. */
  static final String BODY = "body";
  /**
   * The title and opening of a document, on its record: its title, the headings above its first
   * chunk and that chunk's text. Weighted into document-level BM25 (docs/decisions/0087).
   */
  static final String LEAD = "lead";
  /** The unit mean of a document's chunk vectors, on its record: document-level similarity. */
  static final String CENTROID = "centroid";
  /** The document id as doc values on chunks and records, to map hits to documents quickly. */
  static final String DOC_KEY = "doc_key";

  static final String TYPE = "type";
  static final String CATEGORY = "category";
  static final String TAG = "tag";
  static final String CLASSIFICATION = "classification";
  static final String ACL_ROLE = "acl_role";
  static final String ACL_USER = "acl_user";
  /** "1" when the document is searchable, "0" when held back. */
  static final String SEARCHABLE = "searchable";
  /** Last modification, or ingestion time, in epoch milliseconds. */
  static final String MODIFIED = "modified";
  static final String BAND = "minhash_band";

  /** Token and distinct-term counts of the text fields, for statistics over readable chunks only. */
  static String length(String field) {
    return "len_" + field;
  }

  static String distinct(String field) {
    return "uniq_" + field;
  }

  // stored fields of records
  static final String CONTENT = "content";
  static final String AUTHOR = "author";
  static final String DEPARTMENT = "department";
  static final String LAST_MODIFIED = "last_modified";
  static final String VERSION_LABEL = "version_label";
  static final String ALLOWED_ROLE = "allowed_role";
  static final String ALLOWED_USER = "allowed_user";
  static final String EXTRA_KEY = "extra_key";
  static final String EXTRA_VALUE = "extra_value";
  static final String QUALITY = "quality";
  static final String LAST_REVIEWED = "last_reviewed";
  static final String REVIEW_STATUS = "review_status";
  static final String FORMAT = "format";
  static final String CHUNKS = "chunks";
  static final String NEAR_DUPLICATE_OF = "near_duplicate_of";
  static final String INDEXED_AT = "indexed_at";
  static final String DOC_VERSION = "doc_version";
  static final String MINHASH = "minhash";
  static final String SECTION_PATH = "section_path";
  static final String SECTION_PAGE = "section_page";
  static final String SECTION_TEXT = "section_text";
  static final String HELD_BACK = "held_back";
  static final String CONTENT_HASH = "content_hash";
}
