package dev.modelkit.core.store;

import dev.modelkit.StoreException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Child process of {@link HomeLockTest}: locks a home directory, checks that a second lock in
 * the same JVM is refused without dropping the first, prints {@code LOCKED}, then holds the lock
 * until its standard input closes or it is killed.
 */
public final class HomeLockHolder {
  private HomeLockHolder() {}

  /**
   * @param args the home directory
   * @throws IOException if standard input fails
   */
  public static void main(String[] args) throws IOException {
    Path home = Path.of(args[0]);
    try (HomeLock lock = HomeLock.acquire(home)) {
      try {
        HomeLock.acquire(home).close();
        System.out.println("SECOND LOCK WAS GRANTED");
      } catch (StoreException expected) {
        System.out.println("LOCKED");
      }
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock
      }
    }
  }
}
