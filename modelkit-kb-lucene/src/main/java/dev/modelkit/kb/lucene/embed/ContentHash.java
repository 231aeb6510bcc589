package dev.modelkit.kb.lucene.embed;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of an embedder's name and a text: the key under which the text's vector is cached,
 * so that a text is embedded once per model however often it is ingested.
 *
 * @param a bytes 0-7
 * @param b bytes 8-15
 * @param c bytes 16-23
 * @param d bytes 24-31
 */
public record ContentHash(long a, long b, long c, long d) {

  /** Bytes of a hash. */
  public static final int BYTES = 32;

  /**
   * @param model the embedder's name
   * @param text the text
   * @return the hash of both
   */
  public static ContentHash of(String model, String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(model.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(text.getBytes(StandardCharsets.UTF_8));
      return read(ByteBuffer.wrap(sha.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** @return the hash as 64 hexadecimal digits */
  public String hex() {
    return String.format("%016x%016x%016x%016x", a, b, c, d);
  }

  static ContentHash read(ByteBuffer buffer) {
    return new ContentHash(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
  }

  void write(ByteBuffer buffer) {
    buffer.putLong(a).putLong(b).putLong(c).putLong(d);
  }
}
