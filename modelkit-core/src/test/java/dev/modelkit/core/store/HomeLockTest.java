package dev.modelkit.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process per home directory: refused clearly, released on exit, even when killed. */
class HomeLockTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T09:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void anotherProcessHoldingTheHomeIsNamedInTheError() throws Exception {
    Path home = dir.resolve("home");
    try (ChildJvm child = ChildJvm.start(HomeLockHolder.class, dir.resolve("child.err"), home.toString())) {
      assertEquals("LOCKED", child.readLine(), "the holder's own second lock must be refused");

      StoreException e = assertThrows(StoreException.class, () -> HomeLock.acquire(home));

      String real = home.toRealPath().toString();
      assertTrue(e.getMessage().startsWith("ModelKit home " + real + " is already in use by another process (pid "
          + child.pid() + ", since "), e.getMessage());
      assertTrue(e.getMessage().endsWith("). Open a different home directory, or use a shared PostgreSQL"
          + " metadata store for several processes."), e.getMessage());

      child.kill();
      try (HomeLock lock = HomeLock.acquire(home)) {
        assertTrue(lock.isHeld(), "a killed holder's lock is released by the operating system");
      }
    }
  }

  @Test
  void aSecondLockInTheSameProcessIsRefusedAndTheFirstKept() throws Exception {
    try (HomeLock first = HomeLock.acquire(dir, CLOCK)) {
      StoreException e = assertThrows(StoreException.class, () -> HomeLock.acquire(dir, CLOCK));

      assertEquals("ModelKit home " + dir.toRealPath() + " is already in use by this process (pid "
          + ProcessHandle.current().pid() + ", since 2026-01-15T09:00:00Z): another runtime in this JVM has it"
          + " open. Close that runtime first, or open a different home directory.", e.getMessage());
      assertTrue(first.isHeld());
    }
    try (HomeLock again = HomeLock.acquire(dir, CLOCK)) {
      assertTrue(again.isHeld());
    }
  }

  @Test
  void theLockFileNamesTheHolder() throws Exception {
    try (HomeLock lock = HomeLock.acquire(dir, CLOCK)) {
      assertEquals("pid=" + ProcessHandle.current().pid() + "\nsince=2026-01-15T09:00:00Z\n",
          Files.readString(dir.resolve(".lock")));
    }
  }

  @Test
  void closingTwiceIsHarmless() {
    HomeLock lock = HomeLock.acquire(dir, CLOCK);
    lock.close();
    lock.close();
    assertFalse(lock.isHeld());
  }
}
