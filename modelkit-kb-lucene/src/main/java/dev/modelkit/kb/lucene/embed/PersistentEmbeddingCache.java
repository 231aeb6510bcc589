package dev.modelkit.kb.lucene.embed;

import dev.modelkit.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * Vectors cached on disk by {@link ContentHash}, so that re-ingesting, re-indexing or rerunning a
 * benchmark does not pay for the encoder again.
 *
 * <p>The directory holds append-only segment files; each process appends to a segment of its own
 * (so several processes can share the directory) and reads every segment that existed when it
 * opened the cache. Each record carries a CRC, and a segment is read up to its first damaged or
 * truncated record, so a process killed mid-write loses at most the vectors it was writing. Only
 * an index of positions is kept in memory; vectors are read on demand.
 */
public final class PersistentEmbeddingCache implements AutoCloseable {
  private static final int MAGIC = 0x4D4B5643;
  private static final String PREFIX = "vectors-";

  private record Location(int segment, long offset, int dimensions) {}

  private final Path directory;
  private final List<FileChannel> segments = new ArrayList<>();
  private final Map<ContentHash, Location> index = new ConcurrentHashMap<>();
  private FileChannel writer;
  private int writerSegment = -1;

  private PersistentEmbeddingCache(Path directory) {
    this.directory = directory;
  }

  /**
   * Opens (creating if needed) a cache directory.
   *
   * @param directory where the segments live
   * @return the cache
   * @throws StoreException if the directory cannot be read or created
   */
  public static PersistentEmbeddingCache open(Path directory) {
    PersistentEmbeddingCache cache = new PersistentEmbeddingCache(directory);
    try {
      Files.createDirectories(directory);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*.bin")) {
        for (Path f : files) {
          cache.load(f);
        }
      }
    } catch (IOException e) {
      cache.close();
      throw new StoreException("Could not open the embedding cache in " + directory + ": " + e.getMessage()
          + "; check that the directory is readable and writable", e);
    }
    return cache;
  }

  /** @return how many vectors are cached */
  public int size() {
    return index.size();
  }

  private void load(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    int segment = segments.size();
    segments.add(ch);
    long size = ch.size();
    long pos = 0;
    ByteBuffer head = ByteBuffer.allocate(4 + ContentHash.BYTES + 4);
    while (pos + head.capacity() <= size) {
      head.clear();
      readFully(ch, head, pos);
      head.flip();
      if (head.getInt() != MAGIC) {
        break;
      }
      ContentHash hash = ContentHash.read(head);
      int dims = head.getInt();
      long end = pos + head.capacity() + 4L * dims + 4;
      if (dims <= 0 || dims > 65_536 || end > size) {
        break;
      }
      ByteBuffer body = ByteBuffer.allocate(4 * dims + 4);
      readFully(ch, body, pos + head.capacity());
      body.flip();
      CRC32 crc = new CRC32();
      crc.update(head.array(), 4, head.capacity() - 4);
      crc.update(body.array(), 0, 4 * dims);
      if ((int) crc.getValue() != body.getInt(4 * dims)) {
        break;
      }
      index.putIfAbsent(hash, new Location(segment, pos + head.capacity(), dims));
      pos = end;
    }
  }

  /**
   * @param hash the key
   * @return the cached vector, or null
   */
  public float[] get(ContentHash hash) {
    Location at = index.get(hash);
    if (at == null) {
      return null;
    }
    ByteBuffer body = ByteBuffer.allocate(4 * at.dimensions());
    try {
      readFully(segments.get(at.segment()), body, at.offset());
    } catch (IOException e) {
      return null;
    }
    body.flip();
    float[] v = new float[at.dimensions()];
    body.asFloatBuffer().get(v);
    return v;
  }

  /**
   * Appends vectors to this process's segment.
   *
   * @param vectors keys and vectors
   * @throws StoreException if the segment cannot be written
   */
  public synchronized void putAll(Map<ContentHash, float[]> vectors) {
    try {
      if (writer == null) {
        Path file = directory.resolve(PREFIX + UUID.randomUUID() + ".bin");
        writer = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        writerSegment = segments.size();
        segments.add(writer);
      }
      for (Map.Entry<ContentHash, float[]> e : vectors.entrySet()) {
        if (index.containsKey(e.getKey())) {
          continue;
        }
        float[] v = e.getValue();
        ByteBuffer rec = ByteBuffer.allocate(4 + ContentHash.BYTES + 4 + 4 * v.length + 4);
        rec.putInt(MAGIC);
        e.getKey().write(rec);
        rec.putInt(v.length);
        for (float f : v) {
          rec.putFloat(f);
        }
        CRC32 crc = new CRC32();
        crc.update(rec.array(), 4, rec.position() - 4);
        rec.putInt((int) crc.getValue());
        rec.flip();
        long pos = writer.size();
        while (rec.hasRemaining()) {
          writer.write(rec, pos + rec.position());
        }
        index.put(e.getKey(), new Location(writerSegment, pos + 4 + ContentHash.BYTES + 4, v.length));
      }
    } catch (IOException e) {
      throw new StoreException("Could not write to the embedding cache in " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
    long p = position;
    while (buffer.hasRemaining()) {
      int n = ch.read(buffer, p);
      if (n < 0) {
        throw new IOException("unexpected end of cache segment");
      }
      p += n;
    }
  }

  @Override
  public synchronized void close() {
    for (FileChannel ch : segments) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing a read-only cache file cannot lose data
      }
    }
    segments.clear();
    writer = null;
  }
}
