package dev.modelkit.core.store.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Names and cleans the temporary files artifacts are written to before they are moved into place.
 *
 * <p>A name starts with the writing process's id, so that a store opening later can tell the
 * leftovers of a killed process (whose id no longer runs) from files another live process, or
 * another store in this one, is still writing.
 */
public final class TempFiles {
  private static final String SUFFIX = ".tmp";
  /** A leftover older than this is removed even if its process id has been reused since. */
  private static final Duration ABANDONED = Duration.ofDays(1);

  private TempFiles() {}

  /**
   * @param dir the temporary directory
   * @return a fresh name in it for this process
   */
  public static Path newTempFile(Path dir) {
    return dir.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID() + SUFFIX);
  }

  /**
   * Deletes the files left by processes that are gone or that were abandoned long ago.
   *
   * @param dir the temporary directory
   * @param now the current time
   * @return how many were deleted
   * @throws IOException if the directory cannot be listed or a file cannot be deleted
   */
  public static int deleteLeftovers(Path dir, Instant now) throws IOException {
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (isLeftover(f, now) && Files.deleteIfExists(f)) {
          deleted++;
        }
      }
    }
    return deleted;
  }

  private static boolean isLeftover(Path f, Instant now) throws IOException {
    String name = f.getFileName().toString();
    int dash = name.indexOf('-');
    if (!name.endsWith(SUFFIX) || dash < 1) {
      return true;
    }
    try {
      long pid = Long.parseLong(name.substring(0, dash));
      boolean writerAlive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      Instant modified = Files.getLastModifiedTime(f).toInstant();
      return !writerAlive || modified.plus(ABANDONED).isBefore(now);
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
