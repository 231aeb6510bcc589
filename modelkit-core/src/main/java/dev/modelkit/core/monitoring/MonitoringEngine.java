package dev.modelkit.core.monitoring;

import dev.modelkit.Monitoring;
import dev.modelkit.core.monitoring.internal.MonitorRegistry;
import dev.modelkit.core.monitoring.internal.MonitoringView;
import dev.modelkit.spi.ServiceContext;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ModelKit's monitoring: records predictions and outcomes into bounded per-window sketches,
 * closes windows on a background thread, and answers metrics, drift and alert queries. The
 * runtime creates one per process and hands each caller a {@link Monitoring} view bound to them
 * with {@link #monitoring(ServiceContext)}.
 *
 * <p>A daemon thread named {@code modelkit-monitoring} closes windows whose end has passed on the
 * environment's clock, once a second. {@link #close()} stops it and closes the open windows.
 *
 * <p>Thread-safe.
 */
public final class MonitoringEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MonitoringEngine.class);

  private final MonitorRegistry registry;
  private final ScheduledExecutorService ticker;

  /**
   * Starts the engine with default settings.
   *
   * @param env stores, codec, clock, home and alert consumer
   */
  public MonitoringEngine(MonitoringEnvironment env) {
    Objects.requireNonNull(env, "env");
    this.registry = new MonitorRegistry(env);
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "modelkit-monitoring");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(this::tickQuietly, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * @param ctx the caller
   * @return a {@link Monitoring} bound to the caller: it checks their permissions and sees only
   *     their organisation
   */
  public Monitoring monitoring(ServiceContext ctx) {
    return new MonitoringView(Objects.requireNonNull(ctx, "ctx"), registry);
  }

  /**
   * Closes every window whose end has passed on the clock, now rather than at the next scheduled
   * tick. Useful with a test clock.
   */
  public void tick() {
    registry.tick();
  }

  private void tickQuietly() {
    try {
      registry.tick();
    } catch (RuntimeException e) {
      LOG.warn("Closing monitoring windows failed; retrying in a second", e);
    }
  }

  /** Stops the background thread. Later calls on views fail. */
  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    registry.close();
  }
}
