package dev.modelkit.training.djl.internal.features;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * An append-only file of sentence embeddings keyed by the SHA-256 of the text, so that a text is
 * embedded once per machine (embedding is by far the slowest step of text training). Each record
 * is a 32-byte key followed by the vector; a record cut short by a crash is ignored on load.
 * Thread-safe.
 */
public final class EmbeddingCache {
  private final Path file;
  private final int dimension;
  private final Map<String, float[]> entries = new HashMap<>();

  /**
   * @param file the cache file (created on first write)
   * @param dimension vector size
   * @throws IOException if an existing file cannot be read
   */
  public EmbeddingCache(Path file, int dimension) throws IOException {
    this.file = file;
    this.dimension = dimension;
    if (Files.exists(file)) {
      load();
    }
  }

  private void load() throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      byte[] key = new byte[32];
      while (true) {
        try {
          in.readFully(key);
          float[] v = new float[dimension];
          for (int i = 0; i < dimension; i++) {
            v[i] = in.readFloat();
          }
          entries.put(HexFormat.of().formatHex(key), v);
        } catch (EOFException e) {
          return;
        }
      }
    }
  }

  /**
   * @param text an input text (already truncated as the encoder will see it)
   * @return its key
   */
  public static String key(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param key a text key
   * @return its vector, or null
   */
  public synchronized float[] get(String key) {
    return entries.get(key);
  }

  /**
   * Appends new vectors and forces them to disk.
   *
   * @param vectors key to vector
   * @throws IOException if writing fails
   */
  public synchronized void putAll(Map<String, float[]> vectors) throws IOException {
    if (vectors.isEmpty()) {
      return;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (Map.Entry<String, float[]> e : vectors.entrySet()) {
      if (entries.containsKey(e.getKey())) {
        continue;
      }
      out.write(HexFormat.of().parseHex(e.getKey()));
      for (float f : e.getValue()) {
        out.writeFloat(f);
      }
      entries.put(e.getKey(), e.getValue());
    }
    out.flush();
    Files.createDirectories(file.getParent());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      long size = ch.size();
      long whole = size - size % (32 + 4L * dimension);
      if (whole != size) {
        ch.truncate(whole); // drop a record a crash cut short
      }
      ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }
}
