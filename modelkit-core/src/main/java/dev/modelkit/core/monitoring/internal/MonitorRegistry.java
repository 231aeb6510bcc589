package dev.modelkit.core.monitoring.internal;

import dev.modelkit.InvalidStateException;
import dev.modelkit.NotFoundException;
import dev.modelkit.core.monitoring.MonitoringEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Every live {@link ModelMonitor} of the engine, by version and by prediction-id number. Shared
 * by all views; thread-safe.
 */
public final class MonitorRegistry {
  /** Default window length: one minute. */
  static final long WINDOW_MILLIS = 60_000;
  /** Default join horizon: the last 262,144 predictions of each version. */
  static final int JOIN_HORIZON = 1 << 18;
  /** Most distinct labels per model; more share the overflow code. */
  static final int LABEL_CAPACITY = 32;
  /** Closed windows each monitor keeps in memory. */
  static final int KEPT_WINDOWS = 60;

  private final MonitoringEnvironment env;
  private final ConcurrentHashMap<MonitorKey, ModelMonitor> monitors = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Map<Integer, ModelMonitor>> byNumber = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<MonitorKey, Dictionary> labels = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** @param env the engine's environment */
  public MonitorRegistry(MonitoringEnvironment env) {
    this.env = env;
  }

  /** @return the environment */
  public MonitoringEnvironment env() {
    return env;
  }

  /**
   * @param key a version
   * @param known checks, once, that the version exists, throwing {@link NotFoundException} if not
   * @return its monitor, created on first use
   */
  public ModelMonitor monitor(MonitorKey key, Supplier<Boolean> known) {
    ensureOpen();
    ModelMonitor m = monitors.get(key);
    if (m != null) {
      return m;
    }
    if (!known.get()) {
      throw new NotFoundException("unknown model version " + key.qualifiedName() + " in organisation "
          + key.organizationId() + ": register it in the model registry or register a reference profile for it first");
    }
    return monitors.computeIfAbsent(key, k -> {
      Map<Integer, ModelMonitor> numbers = byNumber.computeIfAbsent(k.organizationId(), o -> new ConcurrentHashMap<>());
      int number = numbers.size() + 1;
      if (number > PredictionIds.MAX_NUMBER) {
        throw new InvalidStateException("organisation " + k.organizationId() + " monitors more than "
            + PredictionIds.MAX_NUMBER + " model versions in this process");
      }
      Dictionary modelLabels = labels.computeIfAbsent(new MonitorKey(k.organizationId(), k.modelId(), ""),
          x -> new Dictionary(LABEL_CAPACITY, List.of()));
      ModelMonitor created = new ModelMonitor(k, modelLabels, number, 0, WINDOW_MILLIS, JOIN_HORIZON, KEPT_WINDOWS,
          env.clock().millis());
      numbers.put(number, created);
      return created;
    });
  }

  /**
   * @param organizationId an organisation
   * @param number a monitor number from a prediction id
   * @return its monitor, or null
   */
  public ModelMonitor byNumber(String organizationId, int number) {
    Map<Integer, ModelMonitor> numbers = byNumber.get(organizationId);
    return numbers == null ? null : numbers.get(number);
  }

  /**
   * @param organizationId an organisation
   * @param modelId a model
   * @return the live monitors of the model's versions
   */
  public List<ModelMonitor> monitorsOf(String organizationId, String modelId) {
    List<ModelMonitor> out = new ArrayList<>();
    for (ModelMonitor m : monitors.values()) {
      if (m.key().organizationId().equals(organizationId) && m.key().modelId().equals(modelId)) {
        out.add(m);
      }
    }
    return out;
  }

  /**
   * @param organizationId an organisation
   * @return its live monitors
   */
  public List<ModelMonitor> monitorsOf(String organizationId) {
    List<ModelMonitor> out = new ArrayList<>();
    for (ModelMonitor m : monitors.values()) {
      if (m.key().organizationId().equals(organizationId)) {
        out.add(m);
      }
    }
    return out;
  }

  /** Closes every window that is due. */
  public void tick() {
    long now = env.clock().millis();
    for (ModelMonitor m : monitors.values()) {
      m.rollIfDue(now);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the monitoring engine is closed");
    }
  }

  /** Marks the registry closed. */
  public void close() {
    closed = true;
  }
}
