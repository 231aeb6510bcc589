package dev.modelkit.core.internal;

import dev.modelkit.ModelKitException;
import dev.modelkit.ProviderNotFoundException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An optional engine (training, knowledge, experiments, deployment) created on first use, so that
 * a runtime without the engine's module starts normally and only the calls that need it fail.
 *
 * <p>A failed creation is not remembered: each later call tries again and fails with the current
 * reason, so the error a user sees always describes the class path as it is.
 *
 * @param <T> the engine type
 */
public final class LazyEngine<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LazyEngine.class);

  private final String what;
  private final Supplier<T> factory;
  private volatile T engine;
  private boolean closed;

  /**
   * @param what the engine's name for messages, for example {@code TrainingEngine}
   * @param factory selects the provider and creates the engine; throws {@link
   *     ProviderNotFoundException} when none is available
   */
  public LazyEngine(String what, Supplier<T> factory) {
    this.what = what;
    this.factory = factory;
  }

  /**
   * @return the engine, created on the first call
   * @throws ProviderNotFoundException if no provider is available
   * @throws ModelKitException if the provider failed to create it
   * @throws IllegalStateException if the runtime was closed
   */
  public T get() {
    T e = engine;
    if (e != null) {
      return e;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("ModelKit is closed; the " + what + " is no longer available");
      }
      if (engine == null) {
        T created;
        try {
          created = factory.get();
        } catch (ModelKitException ex) {
          throw ex;
        } catch (RuntimeException ex) {
          throw new ModelKitException("The " + what + " provider failed to start: " + ex.getMessage(), ex);
        }
        if (created == null) {
          throw new ModelKitException("The " + what + " provider returned no engine; it is broken, report it to its authors");
        }
        engine = created;
      }
      return engine;
    }
  }

  /** @return whether the engine was created */
  public boolean started() {
    return engine != null;
  }

  /** Closes the engine if it was created and is {@link AutoCloseable}. */
  @Override
  public synchronized void close() {
    closed = true;
    T e = engine;
    engine = null;
    if (e instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ex) {
        LOG.warn("Closing the {} failed: {}", what, ex.getMessage(), ex);
      }
    }
  }
}
