package dev.modelkit.deployment.internal;

import dev.modelkit.experiment.ExperimentRouter;
import dev.modelkit.experiment.MetricEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The split of an {@code ab_test} deployment: each unit gets the version of the variant the
 * experiment assigns it, and the outcome of its first call (failed or not, and its latency) is
 * queued for the experiment, recorded in batches by the deployment's tick because recording is
 * durable and must stay off the request path.
 *
 * <p>The experiment counts one observation per unit and metric, so units already queued are not
 * queued again (remembered up to {@value #REMEMBERED} units; beyond that the experiment's own
 * de-duplication takes over). At most {@value #MAX_QUEUED} outcomes wait between two ticks; more
 * are dropped and counted, never blocking a request.
 */
public final class ExperimentSplit implements UnitAssigner {
  /** Name of the binary metric "the call failed", recorded when the experiment has it. */
  public static final String ERROR_METRIC = "prediction_error";
  /** Name of the continuous metric "model call latency in milliseconds". */
  public static final String LATENCY_METRIC = "latency_ms";
  static final int REMEMBERED = 200_000;
  static final int MAX_QUEUED = 100_000;
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentSplit.class);

  private final String experimentId;
  private final ExperimentRouter router;
  private final Map<String, Integer> indexByVariant;
  private final int control;
  private final boolean recordErrors;
  private final boolean recordLatency;
  private final Set<String> queuedUnits = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<MetricEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder assignmentFailures = new LongAdder();

  /**
   * @param experimentId the experiment
   * @param router the organisation's experiment router
   * @param indexByVariant variant id to index in the route's split
   * @param control the control's index, served to requests without a routing key
   * @param recordErrors whether the experiment has the {@value #ERROR_METRIC} binary metric
   * @param recordLatency whether it has the {@value #LATENCY_METRIC} continuous metric
   */
  public ExperimentSplit(String experimentId, ExperimentRouter router, Map<String, Integer> indexByVariant, int control,
      boolean recordErrors, boolean recordLatency) {
    this.experimentId = experimentId;
    this.router = router;
    this.indexByVariant = Map.copyOf(indexByVariant);
    this.control = control;
    this.recordErrors = recordErrors;
    this.recordLatency = recordLatency;
  }

  /** @return the experiment */
  public String experimentId() {
    return experimentId;
  }

  @Override
  public int pick(String unitId) {
    String variant;
    try {
      variant = router.variantFor(experimentId, unitId, Map.of());
    } catch (RuntimeException e) {
      // the exposure log could not be written: the unit is served the control and is not
      // counted, rather than failing a request over bookkeeping
      assignmentFailures.increment();
      LOG.warn("Experiment {} could not assign unit {}; serving the control: {}", experimentId, unitId, e.getMessage());
      return control;
    }
    Integer i = indexByVariant.get(variant);
    return i == null ? control : i;
  }

  @Override
  public void outcome(String unitId, int versionIndex, long latencyNanos, boolean error) {
    if (!recordErrors && !recordLatency) {
      return;
    }
    if (queuedUnits.size() < REMEMBERED && !queuedUnits.add(unitId)) {
      return;
    }
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queued.decrementAndGet();
      dropped.increment();
      return;
    }
    if (recordErrors) {
      queue.add(MetricEvent.conversion(ERROR_METRIC, unitId, error));
    }
    if (recordLatency && !error) {
      queue.add(MetricEvent.value(LATENCY_METRIC, unitId, latencyNanos / 1e6));
    }
  }

  @Override
  public int control() {
    return control;
  }

  /** @return the outcomes queued since the last call, oldest first */
  public List<MetricEvent> drain() {
    List<MetricEvent> out = new ArrayList<>();
    MetricEvent e;
    while ((e = queue.poll()) != null) {
      out.add(e);
    }
    queued.set(0);
    return out;
  }

  /** @return outcomes dropped because too many were waiting */
  public long dropped() {
    return dropped.sum();
  }

  /** @return requests served the control because the experiment could not assign them */
  public long assignmentFailures() {
    return assignmentFailures.sum();
  }
}
