package dev.modelkit.experiments.internal.store;

import dev.modelkit.experiments.internal.stats.Moments;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything recorded for one experiment, as a deterministic state machine: applying the same
 * exposures and outcomes in the same order always gives the same state, which is what lets the
 * write-ahead log rebuild it after a restart.
 *
 * <p>Holds, per variant, exposure counts by allocation epoch and crossover counts, and per metric
 * and variant the streaming {@link Moments}; plus a {@link UnitTable} with each exposed unit's
 * first variant (so late outcomes are attributed without re-hashing) and the metrics already
 * recorded for it (so repeats are ignored). Not thread-safe, except {@link #certainlyRepeat}: the
 * owner serialises access.
 */
public final class ExperimentState {
  /** {@link #expose} result: the unit's first exposure. */
  public static final int NEW = 0;
  /** {@link #expose} result: the unit was already exposed to this variant (or already counted as moved). */
  public static final int REPEAT = 1;
  /** {@link #expose} result: the unit now hashes to another variant than its first one; counted once. */
  public static final int CROSSOVER = 2;
  /** {@link #outcome} result: the unit was never exposed. */
  public static final int UNEXPOSED = -1;
  /** {@link #outcome} result: this (unit, metric) was already recorded. */
  public static final int DUPLICATE = -2;

  private static final int VARIANT_BITS = 0x7f;
  private static final int MOVED_FLAG = 0x80;

  private final int variants;
  private final int metrics;
  private final UnitTable units;
  private final List<long[]> exposuresByEpoch = new ArrayList<>();
  private final long[] crossovers;
  private final Moments[][] moments;

  /**
   * @param variants number of variants
   * @param metrics number of metrics
   */
  public ExperimentState(int variants, int metrics) {
    this(variants, metrics, new UnitTable(1024));
  }

  private ExperimentState(int variants, int metrics, UnitTable units) {
    if (metrics > UnitTable.MAX_METRICS) {
      throw new IllegalArgumentException("at most " + UnitTable.MAX_METRICS + " metrics, got " + metrics);
    }
    this.variants = variants;
    this.metrics = metrics;
    this.units = units;
    this.crossovers = new long[variants];
    this.moments = new Moments[metrics][variants];
    for (Moments[] row : moments) {
      for (int v = 0; v < variants; v++) {
        row[v] = new Moments();
      }
    }
  }

  /**
   * Logs that a unit was served a variant.
   *
   * @param unitHash the unit's hash
   * @param variant the variant served
   * @param epoch the allocation epoch in force
   * @return {@link #NEW}, {@link #REPEAT} or {@link #CROSSOVER}
   */
  public int expose(long unitHash, int variant, int epoch) {
    int previous = units.putIfAbsent(unitHash, variant);
    if (previous < 0) {
      epochCounts(epoch)[variant]++;
      return NEW;
    }
    if ((previous & VARIANT_BITS) == variant || (previous & MOVED_FLAG) != 0) {
      return REPEAT;
    }
    units.setMeta(unitHash, previous | MOVED_FLAG);
    crossovers[previous & VARIANT_BITS]++;
    return CROSSOVER;
  }

  /**
   * Whether serving {@code variant} to the unit would be a repeat, answered without the owner's
   * lock: true only when certainly so (see {@link UnitTable#peek}).
   *
   * @param unitHash the unit's hash
   * @param variant the variant about to be served
   * @return true if {@link #expose} would return {@link #REPEAT}
   */
  public boolean certainlyRepeat(long unitHash, int variant) {
    int seen = units.peek(unitHash);
    return seen >= 0 && ((seen & VARIANT_BITS) == variant || (seen & MOVED_FLAG) != 0);
  }

  /**
   * @param unitHash the unit's hash
   * @return the variant it was first exposed to, or -1
   */
  public int firstVariant(long unitHash) {
    int v = units.get(unitHash);
    return v < 0 ? -1 : v & VARIANT_BITS;
  }

  /**
   * Records one unit's observation of a metric, attributed to its first variant.
   *
   * @param unitHash the unit's hash
   * @param metric the metric's index
   * @param y the value (or numerator)
   * @param x the covariate or denominator, when {@code hasX}
   * @param hasX whether there is an x
   * @return the variant credited, or {@link #UNEXPOSED} or {@link #DUPLICATE}
   */
  public int outcome(long unitHash, int metric, double y, double x, boolean hasX) {
    int meta = units.recordMetric(unitHash, metric);
    if (meta == UnitTable.ABSENT) {
      return UNEXPOSED;
    }
    if (meta == UnitTable.ALREADY_RECORDED) {
      return DUPLICATE;
    }
    int variant = meta & VARIANT_BITS;
    if (hasX) {
      moments[metric][variant].add(y, x);
    } else {
      moments[metric][variant].add(y);
    }
    return variant;
  }

  /** @return a consistent copy of the statistics for analysis */
  public Snapshot snapshot() {
    long[][] byEpoch = new long[exposuresByEpoch.size()][];
    for (int e = 0; e < byEpoch.length; e++) {
      byEpoch[e] = exposuresByEpoch.get(e).clone();
    }
    Moments[][] copy = new Moments[metrics][variants];
    for (int m = 0; m < metrics; m++) {
      for (int v = 0; v < variants; v++) {
        copy[m][v] = moments[m][v].copy();
      }
    }
    return new Snapshot(byEpoch, crossovers.clone(), copy);
  }

  /** @return distinct exposed units */
  public int exposedUnits() {
    return units.size();
  }

  /** @return recorded (unit, metric) observations */
  public long observations() {
    return units.recordedMetrics();
  }

  /**
   * Writes the whole state.
   *
   * @param out destination
   * @throws IOException if writing fails
   */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(variants);
    out.writeInt(metrics);
    out.writeInt(exposuresByEpoch.size());
    for (long[] counts : exposuresByEpoch) {
      for (long c : counts) {
        out.writeLong(c);
      }
    }
    for (long c : crossovers) {
      out.writeLong(c);
    }
    for (Moments[] row : moments) {
      for (Moments m : row) {
        out.writeLong(m.n());
        out.writeDouble(m.meanY());
        out.writeDouble(m.m2Y());
        out.writeLong(m.nX());
        out.writeDouble(m.meanYx());
        out.writeDouble(m.meanX());
        out.writeDouble(m.m2X());
        out.writeDouble(m.cXY());
      }
    }
    writeTable(out, units);
  }

  /**
   * Reads a state written by {@link #writeTo}.
   *
   * @param in source
   * @param variants expected number of variants
   * @param metrics expected number of metrics
   * @return the state
   * @throws IOException if reading fails or the shape differs
   */
  public static ExperimentState readFrom(DataInput in, int variants, int metrics) throws IOException {
    int v = in.readInt();
    int m = in.readInt();
    if (v != variants || m != metrics) {
      throw new IOException("checkpoint has " + v + " variants and " + m + " metrics, the experiment " + variants
          + " and " + metrics);
    }
    int epochs = in.readInt();
    List<long[]> byEpoch = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      long[] counts = new long[variants];
      for (int i = 0; i < variants; i++) {
        counts[i] = in.readLong();
      }
      byEpoch.add(counts);
    }
    long[] moved = new long[variants];
    for (int i = 0; i < variants; i++) {
      moved[i] = in.readLong();
    }
    Moments[][] stats = new Moments[metrics][variants];
    for (int mi = 0; mi < metrics; mi++) {
      for (int vi = 0; vi < variants; vi++) {
        stats[mi][vi] = Moments.of(in.readLong(), in.readDouble(), in.readDouble(), in.readLong(), in.readDouble(),
            in.readDouble(), in.readDouble(), in.readDouble());
      }
    }
    ExperimentState s = new ExperimentState(variants, metrics, readTable(in));
    s.exposuresByEpoch.addAll(byEpoch);
    System.arraycopy(moved, 0, s.crossovers, 0, variants);
    for (int mi = 0; mi < metrics; mi++) {
      System.arraycopy(stats[mi], 0, s.moments[mi], 0, variants);
    }
    return s;
  }

  private long[] epochCounts(int epoch) {
    while (exposuresByEpoch.size() <= epoch) {
      exposuresByEpoch.add(new long[variants]);
    }
    return exposuresByEpoch.get(epoch);
  }

  private static void writeTable(DataOutput out, UnitTable table) throws IOException {
    out.writeInt(table.size());
    long[] words = new long[2 * table.size()];
    int[] n = new int[1];
    table.forEachEntry((first, second) -> {
      words[n[0]++] = first;
      words[n[0]++] = second;
      return 0;
    });
    for (long w : words) {
      out.writeLong(w);
    }
  }

  private static UnitTable readTable(DataInput in) throws IOException {
    int size = in.readInt();
    UnitTable table = new UnitTable(Math.max(1024, size));
    for (int i = 0; i < size; i++) {
      table.putEntry(in.readLong(), in.readLong());
    }
    return table;
  }

  /**
   * A consistent copy of the statistics.
   *
   * @param exposuresByEpoch first exposures per allocation epoch and variant
   * @param crossovers units per (first) variant that later hashed elsewhere
   * @param moments statistics per metric and variant, over units with an event
   */
  public record Snapshot(long[][] exposuresByEpoch, long[] crossovers, Moments[][] moments) {

    /** @return first exposures per variant over all epochs */
    public long[] exposures() {
      long[] total = new long[crossovers.length];
      for (long[] counts : exposuresByEpoch) {
        for (int v = 0; v < total.length; v++) {
          total[v] += counts[v];
        }
      }
      return total;
    }

    /** @return all exposed units */
    public long totalUnits() {
      long sum = 0;
      for (long c : exposures()) {
        sum += c;
      }
      return sum;
    }
  }
}
