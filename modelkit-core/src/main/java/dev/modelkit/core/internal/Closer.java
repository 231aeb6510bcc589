package dev.modelkit.core.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what the runtime opened, in reverse order, once. A failure to close one part is logged
 * and does not keep the others open, so the home directory lock (opened first, closed last) is
 * always released.
 */
public final class Closer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /**
   * @param resource something to close later
   * @param <T> its type
   * @return {@code resource}
   */
  public synchronized <T extends AutoCloseable> T add(T resource) {
    opened.push(resource);
    return resource;
  }

  /** Closes everything added, last added first; later calls do nothing. */
  @Override
  public synchronized void close() {
    while (!opened.isEmpty()) {
      AutoCloseable c = opened.pop();
      try {
        c.close();
      } catch (Exception | LinkageError e) {
        LOG.warn("Closing {} failed: {}", c, e.getMessage(), e);
      }
    }
  }
}
