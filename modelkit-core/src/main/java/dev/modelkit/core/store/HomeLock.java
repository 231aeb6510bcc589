package dev.modelkit.core.store;

import dev.modelkit.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Proof that this process is the only one using a ModelKit home directory.
 *
 * <p>The embedded runtime keeps state that only one process may own (the scheduler's view of
 * running jobs, which it recovers after a restart), so a home directory is used by one process
 * at a time. The lock is an operating-system lock on {@code <home>/.lock}: the operating system
 * releases it when the process exits, even when killed, so a crash never leaves a stale lock.
 * The file also records the holder's process id and start time, for the error message others
 * get.
 *
 * <p>Several processes that must share models and audit trail use a shared PostgreSQL metadata
 * store instead of the embedded one.
 */
public final class HomeLock implements AutoCloseable {
  /** The lock file's name inside the home directory. */
  public static final String FILE_NAME = ".lock";

  // The lock covers one byte far beyond the text, so that on systems with mandatory locks
  // (Windows) others can still read who holds it.
  private static final long LOCK_POSITION = Long.MAX_VALUE - 1;

  // Homes locked by this JVM. Checked before any channel is opened because, with POSIX locks,
  // closing any descriptor of the lock file would silently drop the lock this process holds.
  private static final Map<Path, HomeLock> HELD = new HashMap<>();

  private final Path home;
  private final FileChannel channel;
  private final FileLock lock;
  private final Instant since;

  private HomeLock(Path home, FileChannel channel, FileLock lock, Instant since) {
    this.home = home;
    this.channel = channel;
    this.lock = lock;
    this.since = since;
  }

  /**
   * Locks a home directory for this process, creating the directory if needed.
   *
   * @param home the ModelKit home directory
   * @return the lock; close it to release the home
   * @throws StoreException if another process, or another runtime in this process, holds it, or
   *     the lock file cannot be created
   */
  public static HomeLock acquire(Path home) {
    return acquire(home, Clock.systemUTC());
  }

  /**
   * Locks a home directory for this process, creating the directory if needed.
   *
   * @param home the ModelKit home directory
   * @param clock the time recorded as the holder's start
   * @return the lock; close it to release the home
   * @throws StoreException if another process, or another runtime in this process, holds it, or
   *     the lock file cannot be created
   */
  public static HomeLock acquire(Path home, Clock clock) {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(clock, "clock");
    Path absolute = home.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
      absolute = absolute.toRealPath();
    } catch (IOException e) {
      throw new StoreException("Could not create the ModelKit home directory " + absolute + ": " + e
          + ". Choose a directory this process can write to.", e);
    }
    synchronized (HELD) {
      HomeLock mine = HELD.get(absolute);
      if (mine != null) {
        throw inUseByThisProcess(absolute, mine.since, null);
      }
      HomeLock acquired = lock(absolute, clock);
      HELD.put(absolute, acquired);
      return acquired;
    }
  }

  private static HomeLock lock(Path absolute, Clock clock) {
    Path file = absolute.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock(LOCK_POSITION, 1, false);
      } catch (OverlappingFileLockException e) {
        // locked through a channel this class does not know of: still this JVM
        channel.close();
        throw inUseByThisProcess(absolute, null, e);
      }
      if (lock == null) {
        String holder = describeHolder(file);
        channel.close();
        throw new StoreException("ModelKit home " + absolute + " is already in use by another process"
            + holder + ". Open a different home directory, or use a shared PostgreSQL metadata store"
            + " for several processes.");
      }
      Instant since = clock.instant();
      writeHolder(channel, since);
      return new HomeLock(absolute, channel, lock, since);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreException("Could not lock the ModelKit home " + absolute + " through " + file + ": " + e
          + ". Check that the directory exists on a local disk and is writable by this process.", e);
    }
  }

  /** @return the locked home directory */
  public Path home() {
    return home;
  }

  /** @return whether this lock is still held */
  public boolean isHeld() {
    return lock.isValid();
  }

  /** Releases the home directory; closing twice does nothing. */
  @Override
  public void close() {
    synchronized (HELD) {
      HELD.remove(home, this);
    }
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException ignored) {
      // closing the channel below releases the lock anyway
    } finally {
      closeQuietly(channel);
    }
  }

  @Override
  public String toString() {
    return "HomeLock[" + home + (isHeld() ? ", held" : ", released") + "]";
  }

  private static StoreException inUseByThisProcess(Path home, Instant since, Exception cause) {
    return new StoreException("ModelKit home " + home + " is already in use by this process (pid "
        + ProcessHandle.current().pid() + (since == null ? "" : ", since " + since) + "): another runtime"
        + " in this JVM has it open. Close that runtime first, or open a different home directory.", cause);
  }

  private static void writeHolder(FileChannel channel, Instant since) throws IOException {
    String text = "pid=" + ProcessHandle.current().pid() + "\nsince=" + since + "\n";
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
  }

  private static String describeHolder(Path file) {
    try {
      String pid = null;
      String since = null;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith("pid=")) {
          pid = line.substring(4).strip();
        } else if (line.startsWith("since=")) {
          since = line.substring(6).strip();
        }
      }
      if (pid == null) {
        return "";
      }
      return " (pid " + pid + (since == null ? "" : ", since " + since) + ")";
    } catch (IOException e) {
      return "";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the lock, if any, is released with the channel
      }
    }
  }
}
