package dev.modelkit.core.store.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Forces files and directories to stable storage. */
public final class FileSync {
  private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

  private FileSync() {}

  /**
   * Makes a directory's entries (a created, renamed or deleted file) durable; on POSIX systems a
   * rename is only durable once its directory is fsynced.
   *
   * @param dir the directory
   * @throws IOException if the operating system reports an error
   */
  public static void directory(Path dir) throws IOException {
    if (WINDOWS) {
      // Windows cannot open a directory as a channel; NTFS journals renames itself
      return;
    }
    // A file channel is closed by an interrupt of the thread using it; the caller may be a job
    // thread being cancelled, whose last write must still become durable. The interrupt is kept.
    boolean interrupted = Thread.interrupted();
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
