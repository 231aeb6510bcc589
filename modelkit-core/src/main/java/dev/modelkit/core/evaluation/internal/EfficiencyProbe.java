package dev.modelkit.core.evaluation.internal;

import dev.modelkit.evaluation.EvaluationDetails.Efficiency;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Measures a predictor on the evaluation's own rows: single-row latency percentiles after a
 * warm-up, batch throughput, and heap allocation per row on the calling thread. These are
 * wall-clock figures of the machine running the evaluation, for comparing versions evaluated on
 * the same machine, not benchmarks (those are JMH runs in the benchmarks module).
 */
public final class EfficiencyProbe {
  /** Single-row predictions timed. */
  public static final int LATENCY_SAMPLES = 200;
  private static final int WARMUP = 20;
  private static final int THROUGHPUT_ROWS = 5000;
  private static final long MIN_THROUGHPUT_NANOS = 200_000_000L;

  private EfficiencyProbe() {}

  /**
   * @param scorer the model
   * @param rows rows to predict (at least one)
   * @param modelSizeBytes the version's artifacts' size
   * @return the figures
   */
  public static Efficiency measure(RowScorer scorer, List<Map<String, Object>> rows, long modelSizeBytes) {
    List<Map<String, Object>> inputs = rows.stream().map(scorer::inputsOf).toList();
    for (int i = 0; i < WARMUP; i++) {
      scorer.predictor().predict(inputs.get(i % inputs.size()));
    }
    int samples = Math.min(LATENCY_SAMPLES, Math.max(inputs.size(), 1));
    double[] ms = new double[samples];
    for (int i = 0; i < samples; i++) {
      Map<String, Object> row = inputs.get(i % inputs.size());
      long t0 = System.nanoTime();
      scorer.predictor().predict(row);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    List<Map<String, Object>> batch = inputs.subList(0, Math.min(THROUGHPUT_ROWS, inputs.size()));
    scorer.predict(batch);
    long allocatedBefore = allocatedBytes();
    long rowsDone = 0;
    long t0 = System.nanoTime();
    long elapsed;
    do {
      scorer.predict(batch);
      rowsDone += batch.size();
      elapsed = System.nanoTime() - t0;
    } while (elapsed < MIN_THROUGHPUT_NANOS);
    long allocatedAfter = allocatedBytes();
    Double perRow = allocatedBefore < 0 || allocatedAfter < 0 ? null : (allocatedAfter - allocatedBefore) / (double) rowsDone;
    return new Efficiency(AucComparison.percentile(ms, 0.5), AucComparison.percentile(ms, 0.99), samples,
        rowsDone / (elapsed / 1e9), modelSizeBytes, perRow,
        "single-row predict() timed " + samples + " times after " + WARMUP + " warm-up calls; throughput of "
            + "predictBatch() in batches of up to " + RowScorer.BATCH + " rows over " + batch.size()
            + " rows, repeated for at least 0.2 s; allocation is Java heap on the calling thread only "
            + "(an engine's native memory is not counted)");
  }

  private static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
        && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
      return t.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
    return -1;
  }
}
