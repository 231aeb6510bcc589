package dev.modelkit.core.internal;

import dev.modelkit.monitoring.Alert;
import dev.modelkit.spi.AlertSink;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every alert raised inside the runtime (budgets, monitoring rules, job failures) to the
 * host's listeners and to every alert sink, on one dedicated thread, in the order raised.
 *
 * <p>A separate thread keeps a slow sink (a webhook, say) from stalling the job or monitoring
 * thread that raised the alert; a failing listener or sink is logged and never affects the others
 * or the raiser. {@link #close()} delivers what is pending before it returns.
 */
public final class AlertDispatcher implements Consumer<Alert>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

  private final Map<String, AlertSink> sinks;
  private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService thread;

  /** @param sinks sink name to sink, delivered to in this order */
  public AlertDispatcher(Map<String, AlertSink> sinks) {
    this.sinks = new java.util.LinkedHashMap<>(sinks);
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "modelkit-alerts");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * @param listener receives every later alert on the alert thread
   * @return closing it stops delivery to the listener
   */
  public AutoCloseable subscribe(Consumer<Alert> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** @return the names of the sinks alerts are delivered to */
  public List<String> sinkNames() {
    return List.copyOf(sinks.keySet());
  }

  @Override
  public void accept(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    try {
      thread.execute(() -> deliver(alert));
    } catch (RejectedExecutionException e) {
      LOG.warn("Alert raised after ModelKit closed, not delivered to sinks: {} on model {} of {} ({} = {})",
          alert.name(), alert.modelId(), alert.organizationId(), alert.condition(), alert.value());
    }
  }

  private void deliver(Alert alert) {
    for (Consumer<Alert> l : listeners) {
      try {
        l.accept(alert);
      } catch (RuntimeException e) {
        LOG.warn("An alert listener failed on alert {}: {}", alert.id(), e.getMessage(), e);
      }
    }
    for (Map.Entry<String, AlertSink> s : sinks.entrySet()) {
      try {
        s.getValue().deliver(alert);
      } catch (RuntimeException e) {
        LOG.warn("Alert sink '{}' failed on alert {}: {}", s.getKey(), alert.id(), e.getMessage(), e);
      }
    }
  }

  /** Delivers pending alerts (waiting up to 10 seconds), then closes the sinks. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("Alert delivery did not finish within 10 seconds; undelivered alerts are dropped");
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
    for (Map.Entry<String, AlertSink> s : sinks.entrySet()) {
      if (s.getValue() instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("Closing alert sink '{}' failed: {}", s.getKey(), e.getMessage(), e);
        }
      }
    }
  }
}
