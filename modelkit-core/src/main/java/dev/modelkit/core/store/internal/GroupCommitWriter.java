package dev.modelkit.core.store.internal;

import dev.modelkit.StoreException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs every write of a store on one connection and one thread, committing the writes that
 * arrived together in one transaction (group commit).
 *
 * <p>A durable commit costs an fsync, which dominates a small write. Threads that write at the
 * same time therefore share one: the writer thread takes every queued write, runs each inside its
 * own savepoint — so a write that fails (a version conflict) is rolled back alone and the others
 * stay — commits once, and only then tells each caller its result. No caller hears "done" before
 * its write is on disk, and a single writer pays the same single fsync as before.
 */
public final class GroupCommitWriter implements AutoCloseable {
  private static final int MAX_BATCH = 128;

  /** A write to run inside the writer's transaction. */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * @param session the writer's connection, inside a transaction
     * @return the result to hand back once committed
     * @throws SQLException if a statement fails; the write is rolled back alone
     */
    T run(Session session) throws SQLException;
  }

  private static final class Pending<T> {
    final Work<T> work;
    final CountDownLatch done = new CountDownLatch(1);
    T result;
    Throwable failure;

    Pending(Work<T> work) {
      this.work = work;
    }

    void runIn(Session session) {
      try {
        result = work.run(session);
      } catch (SQLException | RuntimeException | Error e) {
        failure = e;
      }
    }
  }

  private final SqliteDialect dialect;
  private final Session session;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closing;

  /**
   * Starts the writer thread.
   *
   * @param dialect the database's dialect
   * @param session the connection the writer owns from now on
   */
  public GroupCommitWriter(SqliteDialect dialect, Session session) {
    this.dialect = dialect;
    this.session = session;
    this.thread = new Thread(this::loop, "modelkit-metadata-writer[" + dialect.file().getFileName() + "]");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Runs a write and waits until it is committed. The wait ignores interrupts (a job thread being
   * cancelled must still record its final state) and restores the interrupt flag afterwards.
   *
   * @param work the write
   * @param <T> its result type
   * @return its result, once durable
   * @throws SQLException if the write or the commit failed; nothing of it was stored
   * @throws StoreException if the store is closed
   */
  public <T> T write(Work<T> work) throws SQLException {
    Pending<T> pending = new Pending<>(work);
    synchronized (this) {
      if (closing) {
        throw new StoreException("The metadata store " + dialect.file()
            + " is closed: open a new one with SqliteMetadataStore.open(home).");
      }
      queue.add(pending);
    }
    awaitUninterruptibly(pending.done);
    Throwable f = pending.failure;
    if (f == null) {
      return pending.result;
    }
    if (f instanceof SQLException sql) {
      throw sql;
    }
    if (f instanceof RuntimeException re) {
      throw re;
    }
    throw (Error) f;
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>();
    while (true) {
      try {
        Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing && queue.isEmpty()) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        commit(batch);
      } catch (RuntimeException | Error e) {
        // never let a caller believe an unfinished write succeeded
        for (Pending<?> p : batch) {
          if (p.failure == null) {
            p.failure = e;
          }
        }
        if (e instanceof Error error && !(e instanceof StackOverflowError)) {
          throw error;
        }
      } catch (InterruptedException e) {
        // only close() may stop the writer, and it does so through the closing flag
      } finally {
        for (Pending<?> p : batch) {
          p.done.countDown();
        }
        batch.clear();
      }
    }
  }

  private void commit(List<Pending<?>> batch) {
    try {
      dialect.beginWrite(session.connection());
    } catch (SQLException e) {
      failAll(batch, e);
      return;
    }
    try {
      if (batch.size() == 1) {
        batch.get(0).runIn(session);
        if (batch.get(0).failure != null) {
          dialect.rollback(session.connection(), batch.get(0).failure);
          return;
        }
      } else {
        for (Pending<?> p : batch) {
          runInSavepoint(p);
        }
      }
      dialect.commit(session.connection());
    } catch (SQLException | RuntimeException e) {
      dialect.rollback(session.connection(), e);
      for (Pending<?> p : batch) {
        if (p.failure == null) {
          p.failure = e;
        }
      }
    }
  }

  private void runInSavepoint(Pending<?> p) throws SQLException {
    try (Statement s = session.connection().createStatement()) {
      s.execute("SAVEPOINT modelkit_write");
      p.runIn(session);
      if (p.failure != null) {
        s.execute("ROLLBACK TO SAVEPOINT modelkit_write");
      }
      s.execute("RELEASE SAVEPOINT modelkit_write");
    }
  }

  private static void failAll(List<Pending<?>> batch, Throwable e) {
    for (Pending<?> p : batch) {
      p.failure = e;
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          latch.await();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Finishes the writes already queued, stops the thread and closes the connection. */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    session.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
