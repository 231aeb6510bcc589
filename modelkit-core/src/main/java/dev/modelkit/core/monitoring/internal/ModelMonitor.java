package dev.modelkit.core.monitoring.internal;

import dev.modelkit.InvalidStateException;
import dev.modelkit.NotFoundException;
import java.util.ArrayDeque;

/**
 * The live monitor of one model version: the open window, the recent closed windows and the join
 * buffer. Every mutation holds this object's lock, which is uncontended in the common case of one
 * serving thread per version and short in every case.
 */
public final class ModelMonitor {
  private final MonitorKey key;
  private final int number;
  private final int epoch;
  private final long windowMillis;
  private final Dictionary labels;
  private final JoinBuffer joins;
  private final int keptWindows;
  private final ArrayDeque<Window> closed = new ArrayDeque<>();
  private Window open;
  private long nextSeq;

  /**
   * @param key which version
   * @param labels the model's label dictionary, shared by its versions so their counts add up
   * @param number the monitor's number within its organisation
   * @param epoch the monitor's epoch
   * @param windowMillis window length
   * @param joinHorizon predictions kept for late outcomes
   * @param keptWindows closed windows kept in memory
   * @param nowMillis the current time
   */
  public ModelMonitor(MonitorKey key, Dictionary labels, int number, int epoch, long windowMillis, int joinHorizon, int keptWindows,
      long nowMillis) {
    this.key = key;
    this.number = number;
    this.epoch = epoch;
    this.windowMillis = windowMillis;
    this.labels = labels;
    this.joins = new JoinBuffer(joinHorizon);
    this.keptWindows = keptWindows;
    this.open = newWindow(nowMillis);
  }

  private Window newWindow(long nowMillis) {
    long start = Math.floorDiv(nowMillis, windowMillis) * windowMillis;
    return new Window(start, start + windowMillis, labels.slots());
  }

  /** @return which version this monitors */
  public MonitorKey key() {
    return key;
  }

  /** @return its number within the organisation */
  public int number() {
    return number;
  }

  /**
   * Records one prediction.
   *
   * @param prediction the predicted label, or null
   * @param probability the probability, NaN when none
   * @param latencyNanos latency
   * @param error whether it failed
   * @return the prediction id
   */
  public long record(String prediction, double probability, long latencyNanos, boolean error) {
    int code = prediction == null ? -1 : labels.code(prediction);
    synchronized (this) {
      long seq = nextSeq++;
      long id = PredictionIds.of(number, epoch, seq);
      open.addPrediction(code, latencyNanos, error);
      joins.put(seq, id, code, probability, error);
      return id;
    }
  }

  /**
   * Joins an outcome.
   *
   * @param id the prediction id
   * @param trueLabel the true label
   * @param satisfaction satisfaction, NaN when none
   * @throws NotFoundException if the prediction is not waiting for its outcome
   * @throws InvalidStateException if it already has one
   */
  public void outcome(long id, String trueLabel, double satisfaction) {
    int trueCode = labels.code(trueLabel);
    synchronized (this) {
      long seq = PredictionIds.seq(id);
      int slot = joins.find(seq, id);
      if (slot < 0) {
        throw new NotFoundException(missingMessage(id, seq));
      }
      if (joins.labelled(slot)) {
        throw new InvalidStateException("prediction " + PredictionIds.format(id) + " of " + key.qualifiedName()
            + " already has an outcome; each prediction is joined once");
      }
      joins.markLabelled(slot);
      open.addOutcome(trueCode, joins.predicted(slot), satisfaction);
    }
  }

  private String missingMessage(long id, long seq) {
    String name = PredictionIds.format(id);
    if (PredictionIds.epoch(id) != epoch) {
      return "prediction " + name + " of " + key.qualifiedName() + " was recorded before the monitor restarted and "
          + "is no longer waiting for its outcome (it was either older than the join horizon or recorded after the "
          + "last flush, so never acknowledged)";
    }
    if (seq >= nextSeq) {
      return "unknown prediction id " + name + " for " + key.qualifiedName()
          + ": no such prediction was recorded; pass an id returned by recordPrediction";
    }
    return "prediction " + name + " of " + key.qualifiedName() + " is older than the join horizon of "
        + joins.capacity() + " predictions, so its outcome can no longer be joined";
  }

  /**
   * Closes the open window if it is due.
   *
   * @param nowMillis the current time
   * @return the closed window, or null if none was due
   */
  public synchronized Window rollIfDue(long nowMillis) {
    if (nowMillis < open.endMillis) {
      return null;
    }
    Window done = open;
    open = newWindow(nowMillis);
    closed.addLast(done);
    while (closed.size() > keptWindows) {
      closed.removeFirst();
    }
    return done;
  }

  /**
   * Adds the windows (closed and open) that start in {@code [fromMillis, toMillis)}.
   *
   * @param fromMillis inclusive start
   * @param toMillis exclusive end
   * @param nowMillis the current time
   * @param into the accumulator
   */
  public synchronized void accumulate(long fromMillis, long toMillis, long nowMillis, MetricsAccumulator into) {
    for (Window w : closed) {
      if (w.startMillis >= fromMillis && w.startMillis < toMillis) {
        into.add(w, nowMillis);
      }
    }
    if (open.startMillis >= fromMillis && open.startMillis < toMillis) {
      into.add(open, nowMillis);
    }
  }

  /** @return the label dictionary */
  public Dictionary labels() {
    return labels;
  }

  /** @return an estimate of the bytes this monitor holds */
  public synchronized long retainedBytes() {
    long b = 256 + joins.retainedBytes() + open.retainedBytes();
    for (Window w : closed) {
      b += w.retainedBytes();
    }
    return b;
  }
}
