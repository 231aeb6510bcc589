package dev.modelkit.experiments.internal;

import dev.modelkit.InvalidStateException;
import dev.modelkit.StoreException;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.Assignment;
import dev.modelkit.experiment.AssignmentReason;
import dev.modelkit.experiment.ExperimentStatus;
import dev.modelkit.experiment.MetricEvent;
import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.RecordResult;
import dev.modelkit.experiment.RejectedEvent;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiments.internal.assign.Assigner;
import dev.modelkit.experiments.internal.store.ExperimentLog;
import dev.modelkit.experiments.internal.store.ExperimentState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * One loaded experiment: its current definition, its compiled routing, and its recorded
 * statistics with their log. Shared by every caller of the organisation; thread-safe.
 *
 * <p>Routing reads an immutable snapshot without locking; logging an exposure, recording
 * outcomes and changing state take the experiment's lock, so that a state change (a rollback,
 * say) is never followed by an exposure logged under the old state.
 */
public final class LiveExperiment {
  private static final AssignmentReason[] REASONS = AssignmentReason.values();

  private final ReentrantLock lock = new ReentrantLock();
  private final ExperimentLog log;
  private final Clock clock;
  private final Map<String, Integer> metricIndex;
  private volatile Routing routing;
  private volatile long version;
  private volatile boolean broken;

  /**
   * @param experiment the stored experiment
   * @param version its stored version
   * @param log its opened statistics log
   * @param clock the runtime's clock, for ramp-up schedules
   */
  LiveExperiment(ABTestExperiment experiment, long version, ExperimentLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < experiment.successMetrics().size(); i++) {
      index.put(experiment.successMetrics().get(i).name(), i);
    }
    this.metricIndex = Map.copyOf(index);
    this.routing = new Routing(experiment);
    this.version = version;
  }

  /** @return the current definition */
  public ABTestExperiment experiment() {
    return routing.experiment;
  }

  /** @return the stored version of the current definition */
  long version() {
    return version;
  }

  /** @return whether a storage failure made this copy unreliable; it must be reloaded */
  boolean broken() {
    return broken;
  }

  /**
   * Assigns a unit and logs its exposure; allocation-free for ASCII ids once the unit is known.
   *
   * @param unitId the unit
   * @param attributes its attributes
   * @return the variant's index
   */
  int route(String unitId, Map<String, String> attributes) {
    return decide(unitId, attributes) & 0xff;
  }

  /**
   * @param index a variant index
   * @return its id
   */
  String variantId(int index) {
    return routing.ids[index];
  }

  /**
   * @param unitId the unit
   * @param attributes its attributes
   * @return the assignment with its reason
   */
  Assignment assign(String unitId, Map<String, String> attributes) {
    int packed = decide(unitId, attributes);
    Routing r = routing;
    return new Assignment(r.experiment.id(), unitId, r.ids[packed & 0xff], REASONS[(packed >>> 8) & 0xff],
        (packed & FIRST) != 0);
  }

  private static final int FIRST = 1 << 16;

  private int decide(String unitId, Map<String, String> attributes) {
    if (unitId == null || unitId.isBlank()) {
      throw new IllegalArgumentException("unitId was '" + unitId + "' but it must not be blank: pass the id of the user,"
          + " session or account being served");
    }
    Routing r = routing;
    if (r.fixedVariant >= 0) {
      return r.fixedVariant | r.fixedReason.ordinal() << 8;
    }
    long hash = r.assigner.hash(unitId);
    int decision = r.assigner.decide(hash, attributes, r.timed ? clock.millis() : 0);
    if (decision < 0) {
      return r.control | Assigner.reasonOf(decision).ordinal() << 8;
    }
    if (log.state().certainlyRepeat(hash, decision)) {
      // The steady state of a live service: a returning unit, already logged; no lock needed.
      return decision | AssignmentReason.ASSIGNED.ordinal() << 8;
    }
    lock.lock();
    try {
      if (routing != r) {
        return decide(unitId, attributes);
      }
      checkUsable();
      int result = log.state().expose(hash, decision, r.epoch);
      if (result != ExperimentState.REPEAT) {
        log.logExposure(hash, decision, r.epoch);
        if (log.checkpointDue()) {
          log.checkpoint();
        }
      }
      return decision | AssignmentReason.ASSIGNED.ordinal() << 8 | (result == ExperimentState.NEW ? FIRST : 0);
    } catch (StoreException e) {
      broken = true;
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records a batch; returns once the accepted events are durable.
   *
   * @param events the batch
   * @return accepted, duplicate and rejected events
   */
  RecordResult record(List<MetricEvent> events) {
    List<RejectedEvent> rejected = new ArrayList<>();
    int accepted = 0;
    int duplicates = 0;
    long position;
    lock.lock();
    try {
      checkUsable();
      // Read under the lock, so that no outcome slips in after a conclusion has taken its snapshot.
      Routing r = routing;
      ExperimentStatus status = r.experiment.status();
      if (status == ExperimentStatus.DRAFT) {
        throw new InvalidStateException("Experiment '" + r.experiment.id() + "' is a draft: no unit has been assigned"
            + " yet, so there is nothing to attribute outcomes to. Start it with start(\"" + r.experiment.id()
            + "\") first.");
      }
      if (status == ExperimentStatus.CONCLUDED) {
        throw new InvalidStateException("Experiment '" + r.experiment.id() + "' is concluded and its analysis is final;"
            + " outcomes can no longer be recorded.");
      }
      for (int i = 0; i < events.size(); i++) {
        MetricEvent event = events.get(i);
        if (event == null) {
          rejected.add(new RejectedEvent(i, null, null, "the event is null"));
          continue;
        }
        Integer m = metricIndex.get(event.metric());
        if (m == null) {
          rejected.add(new RejectedEvent(i, event.unitId(), event.metric(), "metric '" + event.metric()
              + "' is not a success metric of this experiment; its metrics are " + metricIndex.keySet()));
          continue;
        }
        SuccessMetric metric = r.experiment.successMetrics().get(m);
        if (metric.metricKind() != event.kind()) {
          rejected.add(new RejectedEvent(i, event.unitId(), event.metric(), "metric '" + event.metric() + "' is "
              + metric.metricKind().wireName() + " but the event is " + event.kind().wireName() + "; record it with "
              + factoryFor(metric.metricKind())));
          continue;
        }
        boolean hasX = event.kind() == MetricKind.RATIO || event.covariate() != null;
        double x = event.kind() == MetricKind.RATIO ? event.denominator() : hasX ? event.covariate() : 0;
        long hash = r.assigner.hash(event.unitId());
        int outcome = log.state().outcome(hash, m, event.value(), x, hasX);
        if (outcome == ExperimentState.UNEXPOSED) {
          rejected.add(new RejectedEvent(i, event.unitId(), event.metric(), "unit '" + event.unitId()
              + "' was never exposed in this experiment; outcomes count only for units assigned with assign(...) or the"
              + " router while the experiment was running (units outside the experiment are not counted)"));
        } else if (outcome == ExperimentState.DUPLICATE) {
          duplicates++;
        } else {
          log.logOutcome(hash, m, event.value(), x, hasX);
          accepted++;
        }
      }
      position = log.commit();
      if (log.checkpointDue()) {
        log.checkpoint();
      }
    } catch (StoreException e) {
      broken = true;
      throw e;
    } finally {
      lock.unlock();
    }
    sync(position);
    return new RecordResult(accepted, duplicates, rejected);
  }

  /** Makes every logged exposure durable. */
  void flush() {
    long position;
    lock.lock();
    try {
      checkUsable();
      position = log.commit();
    } catch (StoreException e) {
      broken = true;
      throw e;
    } finally {
      lock.unlock();
    }
    sync(position);
  }

  /** @return a consistent copy of the statistics */
  ExperimentState.Snapshot snapshot() {
    lock.lock();
    try {
      return log.state().snapshot();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Changes the definition under the lock: computes the new one, lets {@code persist} store it
   * (returning the new stored version), then switches routing and makes the log durable.
   *
   * @param change from the current definition to the new one
   * @param persist stores (before, after) and returns the new version
   * @return the new definition
   */
  ABTestExperiment change(UnaryOperator<ABTestExperiment> change, Persister persist) {
    lock.lock();
    try {
      checkUsable();
      ABTestExperiment before = routing.experiment;
      ABTestExperiment after = change.apply(before);
      long newVersion = persist.save(before, after, version);
      routing = new Routing(after);
      version = newVersion;
      log.sync(log.commit());
      return after;
    } catch (StoreException e) {
      broken = true;
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /** Stores a definition change. */
  @FunctionalInterface
  interface Persister {
    /**
     * @param before the current definition
     * @param after the new one
     * @param expectedVersion the stored version being replaced
     * @return the new stored version
     */
    long save(ABTestExperiment before, ABTestExperiment after, long expectedVersion);
  }

  /** Checkpoints and closes the log. */
  void close() {
    lock.lock();
    try {
      try {
        if (!broken) {
          log.checkpoint();
        }
      } finally {
        log.close();
      }
    } finally {
      lock.unlock();
    }
  }

  private void sync(long position) {
    try {
      log.sync(position);
    } catch (StoreException e) {
      broken = true;
      throw e;
    }
  }

  private void checkUsable() {
    if (broken) {
      throw new StoreException("Experiment '" + routing.experiment.id() + "' hit a storage error and must be reloaded;"
          + " retry the call.");
    }
  }

  private static String factoryFor(MetricKind kind) {
    return switch (kind) {
      case BINARY -> "MetricEvent.conversion(metric, unitId, converted)";
      case CONTINUOUS -> "MetricEvent.value(metric, unitId, value)";
      case COUNT -> "MetricEvent.count(metric, unitId, count)";
      case RATIO -> "MetricEvent.ratio(metric, unitId, numerator, denominator)";
    };
  }

  /** An immutable compiled view of one version of the definition. */
  private static final class Routing {
    final ABTestExperiment experiment;
    final Assigner assigner;
    final String[] ids;
    final int control;
    final int fixedVariant;
    final AssignmentReason fixedReason;
    final int epoch;
    final boolean timed;

    Routing(ABTestExperiment e) {
      this.experiment = e;
      this.assigner = new Assigner(e);
      this.ids = e.variants().stream().map(v -> v.id()).toArray(String[]::new);
      this.control = Assigner.controlIndex(e);
      this.epoch = Math.max(0, e.allocationHistory().size() - 1);
      this.timed = !e.trafficAllocation().rampUp().isEmpty();
      switch (e.status()) {
        case RUNNING -> {
          fixedVariant = -1;
          fixedReason = AssignmentReason.ASSIGNED;
        }
        case ROLLED_BACK -> {
          fixedVariant = control;
          fixedReason = AssignmentReason.ROLLED_BACK;
        }
        case CONCLUDED -> {
          String winner = e.conclusion() == null ? null : e.conclusion().winnerVariantId();
          int w = winner == null ? control : indexOf(ids, winner);
          fixedVariant = w < 0 ? control : w;
          fixedReason = AssignmentReason.CONCLUDED;
        }
        default -> {
          fixedVariant = control;
          fixedReason = AssignmentReason.NOT_RUNNING;
        }
      }
    }

    private static int indexOf(String[] ids, String id) {
      for (int i = 0; i < ids.length; i++) {
        if (ids[i].equals(id)) {
          return i;
        }
      }
      return -1;
    }
  }
}
