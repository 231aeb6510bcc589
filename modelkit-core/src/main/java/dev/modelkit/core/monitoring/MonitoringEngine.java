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
 * environment's clock (once a second by default): each closed window is tested for drift against
 * its version's reference profile, stored, and run through the model's alert rules; raised alerts
 * go to {@link MonitoringEnvironment#alerts()}. {@link #close()} stops the thread and checkpoints
 * every open window, so a clean shutdown loses nothing.
 *
 * <p><b>Acknowledged data</b> survives a restart: everything recorded before its window closed, or
 * before a {@code Monitoring.flush()} (or {@link #close()}) returned. Outcomes of predictions made
 * before a restart are still joined, within the join horizon.
 *
 * <p>Thread-safe.
 */
public final class MonitoringEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MonitoringEngine.class);

  private final MonitorRegistry registry;
  private final ScheduledExecutorService ticker;

  /**
   * Starts the engine with {@link MonitoringSettings#defaults()}.
   *
   * @param env stores, codec, clock, home and alert consumer
   * @throws dev.modelkit.StoreException if the monitored versions cannot be read back
   */
  public MonitoringEngine(MonitoringEnvironment env) {
    this(env, MonitoringSettings.defaults());
  }

  /**
   * Starts the engine: restores every version monitored before the last shutdown (closing their
   * interrupted windows) and starts the background thread.
   *
   * @param env stores, codec, clock, home and alert consumer
   * @param settings window length, join horizon, drift options
   * @throws dev.modelkit.StoreException if the monitored versions cannot be read back
   */
  public MonitoringEngine(MonitoringEnvironment env, MonitoringSettings settings) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(settings, "settings");
    this.registry = new MonitorRegistry(env, settings);
    registry.recover();
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "modelkit-monitoring");
      t.setDaemon(true);
      return t;
    });
    long tick = settings.tick().toMillis();
    ticker.scheduleWithFixedDelay(this::tickQuietly, tick, tick, TimeUnit.MILLISECONDS);
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

  /** @return the live figures of every version monitored so far, in every organisation */
  public java.util.List<LiveMetrics> liveMetrics() {
    return java.util.List.copyOf(registry.allMonitors());
  }

  /**
   * @param listener told about each version monitored from now on (exporters register their
   *     meters for it); called on the thread that first used the version
   */
  public void onNewVersion(java.util.function.Consumer<LiveMetrics> listener) {
    registry.onNewMonitor(listener::accept);
  }

  /**
   * @return the bytes held by every monitored version's arrays (open and recent windows, sketches,
   *     join buffers): a bound that does not grow with the number of predictions recorded
   */
  public long retainedBytes() {
    long sum = 0;
    for (dev.modelkit.core.monitoring.internal.ModelMonitor m : registry.allMonitors()) {
      sum += m.retainedBytes();
    }
    return sum;
  }

  /** @return the engine's internals, for tests in this module */
  dev.modelkit.core.monitoring.internal.MonitorRegistry registry() {
    return registry;
  }

  /** Stops the background thread and checkpoints every open window. Later calls on views fail. */
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
