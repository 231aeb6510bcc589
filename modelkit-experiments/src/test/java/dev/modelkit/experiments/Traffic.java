package dev.modelkit.experiments;

import dev.modelkit.Experiments;
import dev.modelkit.experiment.Assignment;
import dev.modelkit.experiment.MetricEvent;
import dev.modelkit.experiment.RecordResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulated traffic for a {@link Fixtures#conversionTest} experiment: each unit is assigned,
 * converts with its variant's rate (only converters send an event, as real conversion tracking
 * does) and reports a latency. Keeps its own tallies to compare the engine's numbers with.
 */
final class Traffic {
  final Map<String, long[]> tallies = new HashMap<>();
  private final Experiments experiments;
  private final String id;
  private final SplittableRandom random;

  Traffic(Experiments experiments, String id, long seed) {
    this.experiments = experiments;
    this.id = id;
    this.random = new SplittableRandom(seed);
  }

  /**
   * @param from first unit number
   * @param to end (exclusive)
   * @param rates conversion rate per variant id
   * @param latency mean latency per variant id
   */
  void run(int from, int to, Map<String, Double> rates, Map<String, Double> latency) {
    List<MetricEvent> batch = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String unit = "user-" + i;
      Assignment a = experiments.assign(id, unit, Map.of());
      if (!a.inExperiment()) {
        continue;
      }
      long[] t = tallies.computeIfAbsent(a.variantId(), k -> new long[2]);
      t[0]++;
      if (random.nextDouble() < rates.get(a.variantId())) {
        t[1]++;
        batch.add(MetricEvent.conversion("conversion", unit, true));
      }
      batch.add(MetricEvent.value("latency_ms", unit, latency.get(a.variantId()) + 20 * random.nextGaussian()));
      if (batch.size() >= 1000) {
        flush(batch);
      }
    }
    flush(batch);
  }

  private void flush(List<MetricEvent> batch) {
    RecordResult r = experiments.record(id, batch);
    if (!r.rejected().isEmpty()) {
      throw new AssertionError("rejected: " + r.rejected());
    }
    batch.clear();
  }
}
