package dev.modelkit.experiments.internal.store;

import dev.modelkit.StoreException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The durable form of one experiment's {@link ExperimentState}: a checkpoint plus a write-ahead
 * log of what happened since (see {@code docs/decisions/0050}).
 *
 * <p>Files in the experiment's directory:
 *
 * <ul>
 *   <li>{@code checkpoint.bin}: magic, format, generation g, the serialised state, CRC-32C.
 *       Written to a temporary file, forced, atomically renamed, directory forced.
 *   <li>{@code wal-<generation>.log}: frames of {@code [length][CRC-32C][payload]}, each payload
 *       a run of exposure and outcome operations. Recovery loads the checkpoint and replays every
 *       log of generation &gt;= g in order, through the same state machine that produced them.
 * </ul>
 *
 * <p>Operations are buffered and written as one frame when the buffer fills or on {@link
 * #commit}; {@link #sync} forces the file and is shared between threads (group commit), so a
 * caller is acknowledged only once its frame is on disk. A frame cut short by a crash fails its
 * length or CRC check and is dropped with everything after it in the last log; it was never
 * acknowledged. Checkpointing writes the state, then starts generation g + 1 and deletes older
 * logs, bounding replay time.
 *
 * <p>Writes ({@code log*}, {@link #commit}, {@link #checkpoint}) must be serialised by the owner;
 * {@link #sync} may be called by many threads.
 */
public final class ExperimentLog implements AutoCloseable {
  private static final int MAGIC = 0x4D4B5843;
  private static final int FORMAT = 1;
  private static final byte OP_EXPOSE = 1;
  private static final byte OP_OUTCOME = 2;
  private static final int HEADER = 8;
  private static final int BUFFER = 64 * 1024;
  private static final int MAX_FRAME = 16 * 1024 * 1024;
  private static final Pattern SEGMENT = Pattern.compile("wal-(\\d{19})\\.log");
  static final String CHECKPOINT = "checkpoint.bin";

  private final Path dir;
  private final int variants;
  private final int metrics;
  private final long checkpointBytes;
  private final ExperimentState state;
  private final ByteBuffer buffer = ByteBuffer.allocate(HEADER + BUFFER);
  private final CRC32C crc = new CRC32C();
  private final Object forceLock = new Object();
  private FileChannel channel;
  private long generation;
  private long segmentBytes;
  private volatile long appended;
  private long forced;
  private volatile boolean failed;

  private ExperimentLog(Path dir, int variants, int metrics, long checkpointBytes, ExperimentState state,
      FileChannel channel, long generation, long segmentBytes) {
    this.dir = dir;
    this.variants = variants;
    this.metrics = metrics;
    this.checkpointBytes = checkpointBytes;
    this.state = state;
    this.channel = channel;
    this.generation = generation;
    this.segmentBytes = segmentBytes;
    buffer.position(HEADER);
  }

  /**
   * Opens (creating if needed) the log of one experiment and rebuilds its state.
   *
   * @param dir the experiment's directory
   * @param variants number of variants
   * @param metrics number of metrics
   * @param checkpointBytes log size at which {@link #checkpointDue()} turns true
   * @return the log, positioned to append, with the recovered state
   * @throws StoreException naming the file if the checkpoint or a complete log is corrupt
   */
  public static ExperimentLog open(Path dir, int variants, int metrics, long checkpointBytes) {
    try {
      Files.createDirectories(dir);
      long checkpointGeneration = 0;
      ExperimentState state;
      Path checkpoint = dir.resolve(CHECKPOINT);
      if (Files.exists(checkpoint)) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(checkpoint))) {
          CheckedInputStream checked = new CheckedInputStream(raw, new CRC32C());
          DataInputStream in = new DataInputStream(checked);
          if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
            throw new StoreException("Experiment checkpoint " + checkpoint + " is not a ModelKit checkpoint of format "
                + FORMAT + ". Restore it from a backup, or delete the experiment's directory to start its statistics afresh.");
          }
          checkpointGeneration = in.readLong();
          state = ExperimentState.readFrom(in, variants, metrics);
          int expected = (int) checked.getChecksum().getValue();
          if (new DataInputStream(raw).readInt() != expected) {
            throw new StoreException("Experiment checkpoint " + checkpoint + " fails its checksum: the file is damaged."
                + " Restore it from a backup, or delete the experiment's directory to start its statistics afresh.");
          }
        }
      } else {
        state = new ExperimentState(variants, metrics);
      }
      List<Long> generations = segments(dir);
      for (long g : generations) {
        if (g < checkpointGeneration) {
          Files.deleteIfExists(segment(dir, g));
        }
      }
      long last = checkpointGeneration;
      long lastLength = 0;
      long firstLive = checkpointGeneration;
      List<Long> live = generations.stream().filter(g -> g >= firstLive).toList();
      for (int i = 0; i < live.size(); i++) {
        boolean isLast = i == live.size() - 1;
        last = live.get(i);
        lastLength = replay(segment(dir, last), state, isLast);
      }
      FileChannel channel = FileChannel.open(segment(dir, last), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.truncate(lastLength);
      channel.position(lastLength);
      channel.force(true);
      forceDirectory(dir);
      return new ExperimentLog(dir, variants, metrics, checkpointBytes, state, channel, last, lastLength);
    } catch (IOException e) {
      throw new StoreException("Cannot open the experiment log in " + dir + ": " + e.getMessage()
          + ". Check that the directory is writable and the disk is not full.", e);
    }
  }

  /** @return the recovered, live state; mutate it only together with the matching {@code log*} call */
  public ExperimentState state() {
    return state;
  }

  /**
   * Appends an exposure that {@link ExperimentState#expose} reported as new or a crossover.
   *
   * @param unitHash the unit's hash
   * @param variant the variant served
   * @param epoch the allocation epoch
   */
  public void logExposure(long unitHash, int variant, int epoch) {
    ensureRoom(12);
    buffer.put(OP_EXPOSE).putLong(unitHash).put((byte) variant).putShort((short) epoch);
  }

  /**
   * Appends an outcome that {@link ExperimentState#outcome} accepted.
   *
   * @param unitHash the unit's hash
   * @param metric the metric's index
   * @param y the value
   * @param x the covariate or denominator
   * @param hasX whether x is present
   */
  public void logOutcome(long unitHash, int metric, double y, double x, boolean hasX) {
    ensureRoom(27);
    buffer.put(OP_OUTCOME).putLong(unitHash).put((byte) metric).put((byte) (hasX ? 1 : 0)).putDouble(y);
    if (hasX) {
      buffer.putDouble(x);
    }
  }

  /**
   * Writes the buffered operations as one frame (not yet forced).
   *
   * @return the position the caller must {@link #sync} to for its operations to be durable
   */
  public long commit() {
    writeFrame();
    return appended;
  }

  /**
   * Forces the log up to a position; concurrent callers share one force.
   *
   * @param position a value returned by {@link #commit}
   * @throws StoreException if the disk refuses
   */
  public void sync(long position) {
    synchronized (forceLock) {
      if (forced >= position) {
        return;
      }
      checkUsable();
      long target = appended;
      try {
        channel.force(false);
      } catch (IOException e) {
        failed = true;
        throw new StoreException("Cannot force the experiment log " + segment(dir, generation) + " to disk: "
            + e.getMessage() + ". The last batch is not acknowledged; check the disk and retry.", e);
      }
      forced = target;
    }
  }

  /** @return whether the current log has grown past the checkpoint size */
  public boolean checkpointDue() {
    return segmentBytes + buffer.position() - HEADER >= checkpointBytes;
  }

  /**
   * Writes the state as a checkpoint and starts a new log generation. The owner must hold its
   * lock, so that the state and the log agree.
   *
   * @throws StoreException if writing fails; the previous checkpoint and logs stay valid
   */
  public void checkpoint() {
    writeFrame();
    synchronized (forceLock) {
      checkUsable();
      try {
        channel.force(false);
        forced = appended;
        long next = generation + 1;
        Path tmp = dir.resolve(CHECKPOINT + ".tmp");
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 1 << 16)) {
          CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32C());
          DataOutputStream out = new DataOutputStream(checked);
          out.writeInt(MAGIC);
          out.writeInt(FORMAT);
          out.writeLong(next);
          state.writeTo(out);
          out.flush();
          new DataOutputStream(raw).writeInt((int) checked.getChecksum().getValue());
        }
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          c.force(true);
        }
        Files.move(tmp, dir.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
        FileChannel fresh = FileChannel.open(segment(dir, next), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        forceDirectory(dir);
        FileChannel old = channel;
        long oldGeneration = generation;
        channel = fresh;
        generation = next;
        segmentBytes = 0;
        old.close();
        Files.deleteIfExists(segment(dir, oldGeneration));
      } catch (IOException e) {
        throw new StoreException("Cannot write the checkpoint of the experiment in " + dir + ": " + e.getMessage()
            + ". The log is still complete; check the disk.", e);
      }
    }
  }

  /** @return the current log generation */
  public long generation() {
    return generation;
  }

  /** Writes and forces what is buffered, then releases the file. */
  @Override
  public void close() {
    if (!failed && channel.isOpen()) {
      sync(commit());
    }
    synchronized (forceLock) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new StoreException("Cannot close the experiment log in " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  private void ensureRoom(int bytes) {
    if (buffer.remaining() < bytes) {
      writeFrame();
    }
  }

  private void writeFrame() {
    int payload = buffer.position() - HEADER;
    if (payload == 0) {
      return;
    }
    checkUsable();
    crc.reset();
    crc.update(buffer.array(), HEADER, payload);
    buffer.putInt(0, payload).putInt(4, (int) crc.getValue());
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      failed = true;
      throw new StoreException("Cannot append to the experiment log " + segment(dir, generation) + ": " + e.getMessage()
          + ". Nothing of the current batch is acknowledged; check the disk and retry.", e);
    } finally {
      buffer.clear();
      buffer.position(HEADER);
    }
    segmentBytes += HEADER + payload;
    appended += HEADER + payload;
  }

  private void checkUsable() {
    if (failed) {
      throw new StoreException("The experiment log in " + dir + " failed earlier and is closed; reopen the experiment"
          + " to recover everything acknowledged.");
    }
  }

  // Replays one log into the state; returns the length of its valid prefix.
  private static long replay(Path file, ExperimentState state, boolean isLast) throws IOException {
    long valid = 0;
    long size = Files.size(file);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      CRC32C crc = new CRC32C();
      while (valid < size) {
        int length;
        int checksum;
        byte[] payload;
        try {
          length = in.readInt();
          checksum = in.readInt();
          if (length <= 0 || length > MAX_FRAME || valid + HEADER + length > size) {
            throw new EOFException("frame length " + length);
          }
          payload = new byte[length];
          in.readFully(payload);
        } catch (EOFException e) {
          return tornTail(file, valid, isLast);
        }
        crc.reset();
        crc.update(payload);
        if ((int) crc.getValue() != checksum) {
          return tornTail(file, valid, isLast);
        }
        apply(ByteBuffer.wrap(payload), state);
        valid += HEADER + length;
      }
    } catch (NoSuchFileException e) {
      return 0;
    }
    return valid;
  }

  private static long tornTail(Path file, long valid, boolean isLast) {
    if (isLast) {
      return valid;
    }
    throw new StoreException("Experiment log " + file + " is damaged at byte " + valid + " although a later log exists."
        + " Restore the directory from a backup, or move the later logs aside to keep the events before byte " + valid + ".");
  }

  private static void apply(ByteBuffer p, ExperimentState state) {
    while (p.hasRemaining()) {
      byte op = p.get();
      if (op == OP_EXPOSE) {
        state.expose(p.getLong(), p.get(), p.getShort());
      } else if (op == OP_OUTCOME) {
        long hash = p.getLong();
        int metric = p.get();
        boolean hasX = p.get() != 0;
        double y = p.getDouble();
        double x = hasX ? p.getDouble() : 0;
        state.outcome(hash, metric, y, x, hasX);
      } else {
        throw new StoreException("Unknown operation " + op + " in an experiment log frame that passed its checksum;"
            + " the log was written by a newer ModelKit. Upgrade ModelKit to read it.");
      }
    }
  }

  private static List<Long> segments(Path dir) throws IOException {
    List<Long> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> {
        Matcher m = SEGMENT.matcher(f.getFileName().toString());
        if (m.matches()) {
          out.add(Long.parseLong(m.group(1)));
        }
      });
    }
    out.sort(null);
    return out;
  }

  static Path segment(Path dir, long generation) {
    return dir.resolve(String.format("wal-%019d.log", generation));
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the rename is still atomic there.
    }
  }

  /** @return bytes appended through this instance, for tests */
  long appended() {
    return appended;
  }

  int variants() {
    return variants;
  }

  int metrics() {
    return metrics;
  }
}
