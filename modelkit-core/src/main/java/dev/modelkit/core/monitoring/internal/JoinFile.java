package dev.modelkit.core.monitoring.internal;

import dev.modelkit.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The join buffer of one monitored version on disk, so that outcomes arriving after a restart
 * still find their predictions. Written whole at each acknowledgement: to a temporary file in the
 * same directory, forced to disk, then atomically renamed over the previous file (and the
 * directory forced), so a crash leaves either the old or the new file, never a torn one. A CRC-32
 * at the end detects a damaged file, which is then ignored with the loss reported.
 *
 * <p>Layout: {@code "MKJ1"}, next sequence number (8 bytes), entry count (4), the label table
 * (count, then each label as a length-prefixed UTF-8 string) that the entries' label codes index,
 * then per entry the prediction id (8), predicted label code (2), probability (4) and flags (1),
 * then the CRC. Codes are mapped back through the label names on reading, since a restarted
 * process numbers labels in the order it meets them.
 */
public final class JoinFile {
  private static final int MAGIC = 0x4D4B4A31;
  private static final int ENTRY = 15;

  private JoinFile() {}

  /** Join buffer entries in sequence order, in primitive arrays. */
  public static final class Entries {
    private long firstSeq = -1;
    private long[] ids = new long[64];
    private short[] predicted = new short[64];
    private float[] probability = new float[64];
    private byte[] flags = new byte[64];
    private int size;

    void add(long seq, long id, int code, float prob, byte flag) {
      if (firstSeq < 0) {
        firstSeq = seq;
      }
      if (size == ids.length) {
        int n = size * 2;
        ids = Arrays.copyOf(ids, n);
        predicted = Arrays.copyOf(predicted, n);
        probability = Arrays.copyOf(probability, n);
        flags = Arrays.copyOf(flags, n);
      }
      ids[size] = id;
      predicted[size] = (short) code;
      probability[size] = prob;
      flags[size++] = flag;
    }

    /** @return the number of entries */
    public int size() {
      return size;
    }

    long seq(int i) {
      return firstSeq + i;
    }

    long id(int i) {
      return ids[i];
    }

    int predicted(int i) {
      return predicted[i];
    }

    float probability(int i) {
      return probability[i];
    }

    byte flags(int i) {
      return flags[i];
    }
  }

  /**
   * Writes the entries atomically.
   *
   * @param file the file
   * @param nextSeq the next sequence number
   * @param entries the entries, the last one being {@code nextSeq - 1}
   * @param labels the label names, indexed by the entries' codes
   * @throws StoreException if the file cannot be written
   */
  public static void write(Path file, long nextSeq, Entries entries, java.util.List<String> labels) {
    byte[][] names = new byte[labels.size()][];
    int labelBytes = 4;
    for (int i = 0; i < names.length; i++) {
      names[i] = labels.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      labelBytes += 2 + names[i].length;
    }
    ByteBuffer buf = ByteBuffer.allocate(4 + 8 + 4 + labelBytes + entries.size * ENTRY + 8);
    buf.putInt(MAGIC).putLong(nextSeq).putInt(entries.size);
    buf.putInt(names.length);
    for (byte[] name : names) {
      buf.putShort((short) name.length).put(name);
    }
    for (int i = 0; i < entries.size; i++) {
      buf.putLong(entries.ids[i]).putShort(entries.predicted[i]).putFloat(entries.probability[i]).put(entries.flags[i]);
    }
    CRC32 crc = new CRC32();
    crc.update(buf.array(), 0, buf.position());
    buf.putLong(crc.getValue());
    buf.flip();
    Path dir = file.getParent();
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException e) {
        // some file systems cannot open directories for syncing; the rename is still atomic there
      }
    } catch (IOException e) {
      throw new StoreException("Could not write the monitoring join buffer " + file + ": " + e
          + ". Check that the ModelKit home directory is writable and has free space.", e);
    }
  }

  /**
   * @param file the file
   * @param nextSeqOut receives the next sequence number stored
   * @param labels the running process's label dictionary, into which the codes are mapped
   * @return the entries, or null when there is no file
   * @throws StoreException if the file is damaged or cannot be read
   */
  public static Entries read(Path file, long[] nextSeqOut, Dictionary labels) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StoreException("Could not read the monitoring join buffer " + file + ": " + e, e);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (bytes.length < 24 || buf.getInt() != MAGIC) {
      throw new StoreException("The monitoring join buffer " + file + " is not a ModelKit join file; move it away to "
          + "start with an empty join buffer");
    }
    long nextSeq = buf.getLong();
    int n = buf.getInt();
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    if (ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong() != crc.getValue()) {
      throw new StoreException("The monitoring join buffer " + file + " fails its checksum; move it away to start "
          + "with an empty join buffer");
    }
    int[] codes;
    try {
      int labelCount = buf.getInt();
      codes = new int[labelCount];
      for (int i = 0; i < labelCount; i++) {
        byte[] name = new byte[buf.getShort()];
        buf.get(name);
        codes[i] = labels.code(new String(name, java.nio.charset.StandardCharsets.UTF_8));
      }
      if (n < 0 || buf.remaining() != (long) n * ENTRY + 8) {
        throw new java.nio.BufferUnderflowException();
      }
    } catch (java.nio.BufferUnderflowException | NegativeArraySizeException ex) {
      throw new StoreException("The monitoring join buffer " + file + " is malformed; move it away to start with an "
          + "empty join buffer");
    }
    Entries e = new Entries();
    long first = nextSeq - n;
    for (int i = 0; i < n; i++) {
      long id = buf.getLong();
      short code = buf.getShort();
      int mapped = code >= 0 && code < codes.length ? codes[code] : -1;
      e.add(first + i, id, mapped, buf.getFloat(), buf.get());
    }
    nextSeqOut[0] = nextSeq;
    return e;
  }
}
