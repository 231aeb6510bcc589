package dev.modelkit.kb.lucene.internal;

import dev.modelkit.StoreException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * One knowledge base's Lucene index on disk: BM25 text and HNSW vectors side by side, written by
 * one {@link IndexWriter} and searched through near-real-time searchers.
 *
 * <p>Durability: changes become durable only at {@link #commit}, which also records the knowledge
 * base's version in the commit. A document's chunks and record are written as one block, which
 * Lucene makes visible (and durable) all together or not at all, so a crash never leaves part of a
 * document. On open, anything written after the last commit is discarded. The writer does not
 * commit on close.
 */
public final class KnowledgeIndex implements Closeable {

  /** Commit user-data key of the knowledge base version. */
  static final String VERSION = "modelkit.version";
  /** Commit user-data key of the summary of the last committed change, for audit reconciliation. */
  static final String LAST_CHANGE = "modelkit.lastChange";

  private final Path path;
  private final Directory directory;
  private final Analyzer analyzer;
  private final boolean quantize;
  private final int hnswM;
  private final int beamWidth;
  private volatile IndexWriter writer;
  private volatile SearcherManager searchers;
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile long version;
  private volatile String lastChange;

  private KnowledgeIndex(Path path, Directory directory, boolean quantize, int hnswM, int beamWidth) throws IOException {
    this.path = path;
    this.directory = directory;
    this.quantize = quantize;
    this.hnswM = hnswM;
    this.beamWidth = beamWidth;
    this.analyzer = new EnglishAnalyzer();
    this.writer = new IndexWriter(directory, config());
    if (!DirectoryReader.indexExists(directory)) {
      // an empty first commit so that readers and version bookkeeping always have one
      writer.setLiveCommitData(Map.of(VERSION, "0").entrySet());
      writer.commit();
    }
    this.searchers = new SearcherManager(writer, null);
    Map<String, String> data = committedData(writer);
    this.version = Long.parseLong(data.getOrDefault(VERSION, "0"));
    this.lastChange = data.get(LAST_CHANGE);
  }

  /**
   * Opens (creating if absent) the index in a directory.
   *
   * @param path the directory
   * @param quantize whether vectors are stored scalar-quantized
   * @param hnswM HNSW connections per node
   * @param beamWidth HNSW build beam width
   * @return the open index
   * @throws StoreException if the index is locked by another process or unreadable
   */
  public static KnowledgeIndex open(Path path, boolean quantize, int hnswM, int beamWidth) {
    Directory dir = null;
    try {
      Files.createDirectories(path);
      dir = FSDirectory.open(path);
      return new KnowledgeIndex(path, dir, quantize, hnswM, beamWidth);
    } catch (LockObtainFailedException e) {
      close(dir);
      throw new StoreException("The knowledge index in " + path + " is open in another process; a knowledge base"
          + " can be written by one ModelKit runtime at a time", e);
    } catch (IOException e) {
      close(dir);
      throw new StoreException("Could not open the knowledge index in " + path + ": " + e.getMessage(), e);
    }
  }

  private IndexWriterConfig config() {
    return new IndexWriterConfig(analyzer)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setCommitOnClose(false)
        .setRAMBufferSizeMB(64)
        .setCodec(codec(quantize, hnswM, beamWidth));
  }

  private static Codec codec(boolean quantize, int m, int beamWidth) {
    KnnVectorsFormat format = quantize
        ? new Lucene99HnswScalarQuantizedVectorsFormat(m, beamWidth)
        : new Lucene99HnswVectorsFormat(m, beamWidth);
    return new Lucene912Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return format;
      }
    };
  }

  private static Map<String, String> committedData(IndexWriter writer) throws IOException {
    Map<String, String> data = new HashMap<>();
    Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
    if (live != null) {
      for (Map.Entry<String, String> e : live) {
        data.put(e.getKey(), e.getValue());
      }
    }
    return data;
  }

  private static void close(Directory dir) {
    if (dir != null) {
      try {
        dir.close();
      } catch (IOException ignored) {
        // already failing; the original error is the one to report
      }
    }
  }

  /** @return the analyzer of the text fields */
  public Analyzer analyzer() {
    return analyzer;
  }

  /** @return the directory */
  public Path path() {
    return path;
  }

  /** @return the version of the last commit */
  public long version() {
    return version;
  }

  /** @return the summary stored with the last commit, or null */
  public String lastChange() {
    return lastChange;
  }

  /** @return the lock every writer of this index holds while it prepares and commits a change */
  public ReentrantLock writeLock() {
    return writeLock;
  }

  /**
   * Replaces (or adds) a document's block.
   *
   * @param documentId the document id
   * @param block its chunks and record
   * @throws StoreException if the write fails
   */
  public void put(String documentId, List<Document> block) {
    try {
      writer.updateDocuments(new Term(IndexFields.DOC_ID, documentId), block);
    } catch (IOException e) {
      throw new StoreException("Could not write document '" + documentId + "' to " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Adds a document outside any block (a shared vector).
   *
   * @param doc the document
   * @throws StoreException if the write fails
   */
  public void add(Document doc) {
    try {
      writer.addDocument(doc);
    } catch (IOException e) {
      throw new StoreException("Could not write to " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param documentId the document to remove with all its chunks
   * @throws StoreException if the write fails
   */
  public void remove(String documentId) {
    try {
      writer.deleteDocuments(new Term(IndexFields.DOC_ID, documentId));
    } catch (IOException e) {
      throw new StoreException("Could not delete document '" + documentId + "' from " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes every document and the field schema (so that vectors of another dimension can follow);
   * like any change it is undone unless committed.
   *
   * @throws StoreException if the index cannot be written
   */
  public void clear() {
    try {
      writer.deleteAll();
    } catch (IOException e) {
      throw new StoreException("Could not clear " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes every change since the last commit durable, with the new version, then refreshes the
   * searchers.
   *
   * @param newVersion the knowledge base version after the change
   * @param change a summary of the change, kept with the commit
   * @throws StoreException if the commit fails; the changes are then rolled back on next open
   */
  public void commit(long newVersion, String change) {
    try {
      writer.setLiveCommitData(Map.of(VERSION, Long.toString(newVersion), LAST_CHANGE, change).entrySet());
      writer.commit();
      version = newVersion;
      lastChange = change;
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new StoreException("Could not commit the knowledge index in " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Discards every change since the last commit (after a failure in the middle of a batch) and
   * reopens the writer at the last commit.
   *
   * @throws StoreException if the index cannot be reopened
   */
  public void rollback() {
    try {
      searchers.close();
      writer.rollback();
      writer = new IndexWriter(directory, config());
      searchers = new SearcherManager(writer, null);
      Map<String, String> data = committedData(writer);
      version = Long.parseLong(data.getOrDefault(VERSION, "0"));
      lastChange = data.get(LAST_CHANGE);
    } catch (IOException e) {
      throw new StoreException("Could not roll back uncommitted changes in " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * @return a searcher over the latest written state; give it back with {@link #release}
   * @throws StoreException if the index cannot be read
   */
  public IndexSearcher acquire() {
    try {
      searchers.maybeRefresh();
      return searchers.acquire();
    } catch (IOException e) {
      throw new StoreException("Could not read the knowledge index in " + path + ": " + e.getMessage(), e);
    }
  }

  /** @param searcher a searcher from {@link #acquire} */
  public void release(IndexSearcher searcher) {
    try {
      searchers.release(searcher);
    } catch (IOException e) {
      throw new StoreException("Could not release a searcher of " + path + ": " + e.getMessage(), e);
    }
  }

  /** @return the bytes the index takes on disk */
  public long sizeInBytes() {
    long total = 0;
    try {
      for (String f : directory.listAll()) {
        try {
          total += directory.fileLength(f);
        } catch (IOException ignored) {
          // a file merged away while listing
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return total;
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.rollback();
    } catch (IOException e) {
      throw new StoreException("Could not close the knowledge index in " + path + ": " + e.getMessage(), e);
    } finally {
      close(directory);
    }
  }
}
