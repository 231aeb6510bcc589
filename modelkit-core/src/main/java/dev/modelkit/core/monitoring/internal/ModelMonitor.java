package dev.modelkit.core.monitoring.internal;

import dev.modelkit.ConfigurationException;
import dev.modelkit.InvalidStateException;
import dev.modelkit.NotFoundException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live monitor of one model version: the open window, the recent closed windows, the join
 * buffer of predictions waiting for outcomes and the concept-drift detectors. Every mutation
 * holds this object's lock, which is uncontended in the common case of one serving thread per
 * version and short in every case (no I/O and no allocation happen under it in steady state).
 */
public final class ModelMonitor implements dev.modelkit.core.monitoring.LiveMetrics {
  private final MonitorKey key;
  private final int number;
  private final int epoch;
  private final long windowMillis;
  private final Dictionary labels;
  private final JoinBuffer joins;
  private final ConceptDetectors detectors = new ConceptDetectors();
  private final int keptWindows;
  private final ArrayDeque<Window> closed = new ArrayDeque<>();
  /** Windows closed by {@link #record} that the registry has not processed yet, oldest first. */
  private final ArrayDeque<Window> unprocessed = new ArrayDeque<>();
  private final java.time.Clock clock;
  private volatile Schema schema;
  private Window open;
  private long nextSeq;
  private final Object persistLock = new Object();
  private long predictionsTotal;
  private long errorsTotal;
  private long outcomesTotal;
  private long correctTotal;
  private volatile Map<String, Double> lastWindowMetrics = Map.of();

  /**
   * @param key which version
   * @param labels the model's label dictionary, shared by its versions so their counts add up
   * @param number the monitor's number within its organisation
   * @param epoch the monitor's epoch, one more than at its last start
   * @param firstSeq the first sequence number to issue
   * @param windowMillis window length
   * @param joinHorizon predictions kept for late outcomes
   * @param keptWindows closed windows kept in memory
   * @param schema the features from the reference profile, or null
   * @param clock the runtime's clock: a record arriving after the open window's end closes it first
   */
  public ModelMonitor(MonitorKey key, Dictionary labels, int number, int epoch, long firstSeq, long windowMillis,
      int joinHorizon, int keptWindows, Schema schema, java.time.Clock clock) {
    this.clock = clock;
    this.key = key;
    this.number = number;
    this.epoch = epoch;
    this.nextSeq = firstSeq;
    this.windowMillis = windowMillis;
    this.labels = labels;
    this.joins = new JoinBuffer(joinHorizon);
    this.keptWindows = keptWindows;
    this.schema = schema;
    this.open = newWindow(clock.millis());
  }

  private Window newWindow(long nowMillis) {
    long start = Math.floorDiv(nowMillis, windowMillis) * windowMillis;
    return new Window(start, start + windowMillis, labels.slots(), schema);
  }

  /** @return which version this monitors */
  public MonitorKey key() {
    return key;
  }

  /** @return its number within the organisation */
  public int number() {
    return number;
  }

  /** @return its epoch */
  public int epoch() {
    return epoch;
  }

  /** @return the window length */
  public long windowMillis() {
    return windowMillis;
  }

  /** @return the features from the reference profile, or null */
  public Schema schema() {
    return schema;
  }

  /** @return the model's label dictionary */
  public Dictionary labels() {
    return labels;
  }

  /** @return the lock that orders this monitor's writes to storage */
  Object persistLock() {
    return persistLock;
  }

  /**
   * Switches to a new reference profile's features; the open window's feature aggregates restart.
   *
   * @param s the new schema
   */
  public synchronized void useSchema(Schema s) {
    schema = s;
    open.useSchema(s);
  }

  /**
   * Records one prediction: checks the features against the schema, then adds everything to the
   * open window and the join buffer. Nothing is recorded when the features differ.
   *
   * @param features the features, or null when the version has no schema
   * @param prediction the predicted label, or null
   * @param probability the probability, NaN when none
   * @param latencyNanos latency
   * @param error whether it failed
   * @return the prediction id
   * @throws ConfigurationException naming every feature that is missing, unknown or of the wrong type
   */
  public long record(Map<String, ?> features, String prediction, double probability, long latencyNanos, boolean error) {
    int code = prediction == null ? -1 : labels.code(prediction);
    synchronized (this) {
      long now = clock.millis();
      if (now >= open.endMillis) {
        // The registry closes windows on a background cadence; a record that arrives after the
        // end must not land in the ended window, so it closes the window itself and leaves the
        // closed one for the registry to process.
        unprocessed.addLast(roll(now));
      }
      Schema s = schema;
      Window w = open;
      if (s != null && !addFeatures(s, w, features)) {
        throw new ConfigurationException("PredictionRecord of " + key.qualifiedName(),
            s.differences(features == null ? Map.of() : features, key.qualifiedName()));
      }
      w.addPrediction(code, probability, latencyNanos, error);
      predictionsTotal++;
      if (error) {
        errorsTotal++;
      }
      long seq = nextSeq++;
      long id = PredictionIds.of(number, epoch, seq);
      joins.put(seq, id, code, probability, error);
      return id;
    }
  }

  /**
   * Adds every feature to the window in one pass. Records whose features differ from the schema
   * are rare, so instead of checking everything first the pass adds as it goes and, on the first
   * difference, takes back what it added.
   *
   * @return false, with the window unchanged, when the features differ from the schema
   */
  private boolean addFeatures(Schema s, Window w, Map<String, ?> features) {
    if (features == null) {
      return s.size() == 0;
    }
    int n = s.size();
    for (int i = 0; i < n; i++) {
      Object v = features.get(s.names[i]);
      if (v == null) {
        if (!features.containsKey(s.names[i])) {
          undo(s, w, features, i);
          return false;
        }
        w.missing[i]++;
      } else if (s.numeric[i]) {
        if (!(v instanceof Number)) {
          undo(s, w, features, i);
          return false;
        }
        double d = ((Number) v).doubleValue();
        if (d == Double.POSITIVE_INFINITY || d == Double.NEGATIVE_INFINITY) {
          undo(s, w, features, i);
          return false;
        }
        w.addNumeric(i, d);
      } else {
        if (!(v instanceof String)) {
          undo(s, w, features, i);
          return false;
        }
        w.addCategory(i, s.dictionaries[i].code((String) v));
      }
    }
    if (features.size() != n) {
      undo(s, w, features, n);
      return false;
    }
    return true;
  }

  /** Takes back the first {@code upTo} features of a record that turned out not to fit. */
  private static void undo(Schema s, Window w, Map<String, ?> features, int upTo) {
    for (int i = 0; i < upTo; i++) {
      Object v = features.get(s.names[i]);
      if (v == null) {
        w.missing[i]--;
      } else if (s.numeric[i]) {
        double d = ((Number) v).doubleValue();
        if (d == d) {
          w.numeric[i].remove(d);
        } else {
          w.missing[i]--;
        }
      } else {
        w.categories[i][s.dictionaries[i].code((String) v)]--;
      }
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
      int predicted = joins.predicted(slot);
      open.addOutcome(trueCode, predicted, satisfaction);
      outcomesTotal++;
      if (predicted == trueCode) {
        correctTotal++;
      }
      detectors.update(predicted != trueCode, open.conceptDetections);
    }
  }

  private String missingMessage(long id, long seq) {
    String name = PredictionIds.format(id);
    if (PredictionIds.epoch(id) != (epoch & PredictionIds.EPOCH_MASK)) {
      return "prediction " + name + " of " + key.qualifiedName() + " was recorded before the monitor restarted and "
          + "is no longer waiting for its outcome: it was older than the join horizon of " + joins.capacity()
          + " predictions, or recorded after the last acknowledged flush";
    }
    if (seq >= nextSeq) {
      return "unknown prediction id " + name + " for " + key.qualifiedName()
          + ": no such prediction was recorded; pass an id returned by recordPrediction";
    }
    return "prediction " + name + " of " + key.qualifiedName() + " is older than the join horizon of "
        + joins.capacity() + " predictions, so its outcome can no longer be joined";
  }

  /**
   * Closes the open window if it is due and hands over every window closed since the last call
   * (including those a late {@link #record} closed), for the registry to process.
   *
   * @param nowMillis the current time
   * @return the closed windows, oldest first; empty if none was due
   */
  public synchronized List<Window> rollIfDue(long nowMillis) {
    if (nowMillis >= open.endMillis) {
      unprocessed.addLast(roll(nowMillis));
    }
    if (unprocessed.isEmpty()) {
      return List.of();
    }
    List<Window> out = new ArrayList<>(unprocessed);
    unprocessed.clear();
    return out;
  }

  private Window roll(long nowMillis) {
    Window done = open;
    open = newWindow(nowMillis);
    closed.addLast(done);
    while (closed.size() > keptWindows) {
      closed.removeFirst();
    }
    return done;
  }

  /**
   * Replaces the open window with one restored from storage (after a restart).
   *
   * @param w the restored window
   */
  synchronized void restoreOpen(Window w) {
    open = w;
  }

  /**
   * @param w a closed window restored from storage, kept in memory for queries
   */
  synchronized void restoreClosed(Window w) {
    closed.addLast(w);
    while (closed.size() > keptWindows) {
      closed.removeFirst();
    }
  }

  /** @return a copy of the open window */
  public synchronized Window snapshotOpen() {
    return open.copy();
  }

  /**
   * Copies the open window and the join buffer under one lock, so that a checkpoint is
   * consistent: every prediction in the window copy has its join entry and vice versa.
   *
   * @param joinsOut receives the join entries
   * @param nextSeqOut receives the next sequence number
   * @return the open window's copy
   */
  synchronized Window snapshotForCheckpoint(JoinFile.Entries joinsOut, long[] nextSeqOut) {
    nextSeqOut[0] = snapshotJoins(joinsOut);
    return open.copy();
  }

  /** @return the start of the open window */
  public synchronized long openStart() {
    return open.startMillis;
  }

  /** @return the end of the open window */
  synchronized long openEnd() {
    return open.endMillis;
  }

  /**
   * The windows (closed and open) that start in {@code [fromMillis, toMillis)} and are held in
   * memory; the open one is copied, closed ones are never written again and are shared.
   *
   * @param fromMillis inclusive start
   * @param toMillis exclusive end
   * @return the windows, oldest first
   */
  public synchronized List<Window> windowsInMemory(long fromMillis, long toMillis) {
    List<Window> out = new ArrayList<>();
    for (Window w : closed) {
      if (w.startMillis >= fromMillis && w.startMillis < toMillis) {
        out.add(w);
      }
    }
    if (open.startMillis >= fromMillis && open.startMillis < toMillis) {
      out.add(open.copy());
    }
    return out;
  }

  /** @return the start of the oldest window held in memory */
  public synchronized long oldestInMemory() {
    return closed.isEmpty() ? open.startMillis : closed.peekFirst().startMillis;
  }

  /**
   * @param out receives the join buffer entries from the oldest kept to the newest
   * @return the next sequence number, under the same lock
   */
  synchronized long snapshotJoins(JoinFile.Entries out) {
    long from = Math.max(0, nextSeq - joins.capacity());
    for (long seq = from; seq < nextSeq; seq++) {
      int slot = (int) Long.remainderUnsigned(seq, joins.capacity());
      out.add(seq, joins.id(slot), joins.predicted(slot), (float) joins.probability(slot), joins.flags(slot));
    }
    return nextSeq;
  }

  /**
   * Restores join buffer entries read back after a restart.
   *
   * @param entries the entries
   */
  synchronized void restoreJoins(JoinFile.Entries entries) {
    for (int i = 0; i < entries.size(); i++) {
      joins.restore(entries.seq(i), entries.id(i), entries.predicted(i), entries.probability(i), entries.flags(i));
    }
  }

  /** @return the next sequence number */
  public synchronized long nextSeq() {
    return nextSeq;
  }

  /** @return the concept detectors' states, for persistence */
  synchronized List<List<Double>> detectorStates() {
    List<List<Double>> s = new ArrayList<>();
    for (int i = 0; i < ConceptDetectors.COUNT; i++) {
      s.add(detectors.get(i).state());
    }
    return s;
  }

  /** @param states detector states from {@link #detectorStates()} */
  synchronized void restoreDetectors(List<List<Double>> states) {
    for (int i = 0; i < Math.min(states.size(), ConceptDetectors.COUNT); i++) {
      detectors.get(i).restore(states.get(i));
    }
  }

  /** @return the concept detectors, read under this monitor's lock */
  synchronized ConceptDetectors detectors() {
    return detectors;
  }

  @Override
  public String organizationId() {
    return key.organizationId();
  }

  @Override
  public String modelId() {
    return key.modelId();
  }

  @Override
  public String version() {
    return key.version();
  }

  @Override
  public synchronized long predictionsTotal() {
    return predictionsTotal;
  }

  @Override
  public synchronized long errorsTotal() {
    return errorsTotal;
  }

  @Override
  public synchronized long outcomesTotal() {
    return outcomesTotal;
  }

  @Override
  public synchronized long correctTotal() {
    return correctTotal;
  }

  @Override
  public synchronized double latencyQuantileMillis(double q) {
    return open.latencyMs.quantile(q);
  }

  @Override
  public double lastWindow(String metric) {
    Double v = lastWindowMetrics.get(metric);
    return v == null ? Double.NaN : v;
  }

  /** @param metrics the metrics of the window that just closed */
  void lastWindowMetrics(Map<String, Double> metrics) {
    lastWindowMetrics = Map.copyOf(metrics);
  }

  /** @return an estimate of the bytes this monitor holds */
  public synchronized long retainedBytes() {
    long b = 512 + joins.retainedBytes() + open.retainedBytes();
    for (Window w : closed) {
      b += w.retainedBytes();
    }
    return b;
  }
}
