package dev.modelkit.experiments.internal.assign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.AllocationEpoch;
import dev.modelkit.experiment.ExperimentStatus;
import dev.modelkit.experiment.MetricDirection;
import dev.modelkit.experiment.MetricType;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.RampStep;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiment.TargetingRule;
import dev.modelkit.experiment.TrafficAllocation;
import dev.modelkit.experiment.VariantStatus;
import dev.modelkit.experiments.internal.stats.SampleRatio;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignerTest {
  private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
  private static final Map<String, String> NONE = Map.of();

  @Test
  void millionUnitsOverAThreeWaySplitAreUniform() {
    ABTestExperiment e = experiment(TrafficAllocation.fixedSplit(), List.of(epoch(33.34, 33.33, 33.33)));
    Assigner a = new Assigner(e);
    long[] counts = new long[3];
    for (int i = 0; i < 1_000_000; i++) {
      counts[a.decide(a.hash("user-" + i), NONE, START.toEpochMilli())]++;
    }
    SampleRatio.Result r = SampleRatio.test(counts, SampleRatio.expectedCounts(counts, new double[] {3334, 3333, 3333}));
    // A chi-square goodness-of-fit test with 2 degrees of freedom; uniform assignment passes at
    // any conventional level (the fixed ids make this deterministic).
    assertTrue(r.pValue() > 0.01, "p = " + r.pValue() + " for " + java.util.Arrays.toString(counts));
  }

  @Test
  void sameUnitSameVariantAcrossInstances() {
    ABTestExperiment e = experiment(TrafficAllocation.fixedSplit(), List.of(epoch(50, 50, 0)));
    Assigner first = new Assigner(e);
    Assigner second = new Assigner(e);
    for (int i = 0; i < 10_000; i++) {
      String unit = "acct-" + i;
      assertEquals(first.decide(first.hash(unit), NONE, 0), second.decide(second.hash(unit), NONE, 0));
    }
  }

  @Test
  void reallocationFromTenToFiftyPercentMovesNoTreatedUnitAndOnlyTheDifference() {
    List<AllocationEpoch> before = List.of(epoch(90, 10, 0));
    List<AllocationEpoch> after = List.of(epoch(90, 10, 0), epoch(50, 50, 0));
    Assigner a = new Assigner(experiment(TrafficAllocation.fixedSplit(), before));
    Assigner b = new Assigner(experiment(TrafficAllocation.fixedSplit(), after));
    int moved = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      long h = a.hash("u" + i);
      int was = a.decide(h, NONE, 0);
      int now = b.decide(h, NONE, 0);
      if (was == 1) {
        assertEquals(1, now, "unit u" + i + " left the treatment it saw");
      }
      if (was != now) {
        moved++;
      }
    }
    // Only the 40% that had to change did change (within sampling error of 200,000 units).
    assertEquals(0.40, moved / (double) n, 0.005);
    // Minimal in buckets exactly: owners differ in 4,000 of 10,000 buckets.
    int differing = 0;
    for (int bucket = 0; bucket < BucketLayout.BUCKETS; bucket++) {
      differing += a.layout().owner(bucket) != b.layout().owner(bucket) ? 1 : 0;
    }
    assertEquals(4000, differing);
  }

  @Test
  void threeWayReallocationMovesOnlyTheSumOfIncreases() {
    BucketLayout l1 = BucketLayout.initial(new double[] {50, 25, 25});
    BucketLayout l2 = l1.reallocate(new double[] {20, 40, 40});
    int differing = 0;
    for (int b = 0; b < BucketLayout.BUCKETS; b++) {
      differing += l1.owner(b) != l2.owner(b) ? 1 : 0;
    }
    assertEquals(3000, differing);
    assertEquals(2000, l2.count(0));
    assertEquals(4000, l2.count(1));
  }

  @Test
  void exposureRampFromTenToFiftyPercentKeepsEveryEarlyUnitInItsVariant() {
    TrafficAllocation ramp = TrafficAllocation.ramp(new RampStep(Duration.ZERO, 10), new RampStep(Duration.ofHours(24), 50));
    Assigner a = new Assigner(experiment(ramp, List.of(epoch(50, 50, 0))));
    long day0 = START.plus(Duration.ofHours(1)).toEpochMilli();
    long day1 = START.plus(Duration.ofHours(25)).toEpochMilli();
    int inEarly = 0;
    int inLate = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      long h = a.hash("visitor-" + i);
      int early = a.decide(h, NONE, day0);
      int late = a.decide(h, NONE, day1);
      if (early >= 0) {
        inEarly++;
        assertEquals(early, late, "visitor-" + i + " changed variant when the ramp widened");
      }
      inLate += late >= 0 ? 1 : 0;
    }
    assertEquals(0.10, inEarly / (double) n, 0.005);
    assertEquals(0.50, inLate / (double) n, 0.01);
  }

  @Test
  void holdoutTargetingAndInactiveVariants() {
    TrafficAllocation t = new TrafficAllocation("salt-1", 20, List.of(), List.of(TargetingRule.in("country", "DE", "FR")));
    List<ModelVariant> variants = List.of(variant("control", 50, VariantStatus.ACTIVE, true),
        variant("b", 25, VariantStatus.ACTIVE, false), variant("c", 25, VariantStatus.PAUSED, false));
    Assigner a = new Assigner(experiment(t, List.of(epoch(50, 25, 25)), variants));
    int held = 0;
    int inactive = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      long h = a.hash("u-" + i);
      assertEquals(Assigner.NOT_TARGETED, a.decide(h, Map.of("country", "US"), 0));
      assertEquals(Assigner.NOT_TARGETED, a.decide(h, NONE, 0));
      int d = a.decide(h, Map.of("country", "FR"), 0);
      held += d == Assigner.HOLDOUT ? 1 : 0;
      inactive += d == Assigner.VARIANT_INACTIVE ? 1 : 0;
      assertTrue(d != 2);
    }
    assertEquals(0.20, held / (double) n, 0.005);
    assertEquals(0.80 * 0.25, inactive / (double) n, 0.005);
  }

  private static AllocationEpoch epoch(double... allocations) {
    List<Double> list = new ArrayList<>();
    for (double d : allocations) {
      list.add(d);
    }
    return new AllocationEpoch(START, list);
  }

  private static ModelVariant variant(String id, double allocation, VariantStatus status, boolean control) {
    return new ModelVariant(id, id, "model-" + id, "1", Map.of(), allocation, status, control);
  }

  private static ABTestExperiment experiment(TrafficAllocation traffic, List<AllocationEpoch> history) {
    List<Double> last = history.get(history.size() - 1).allocations();
    return experiment(traffic, history, List.of(variant("control", last.get(0), VariantStatus.ACTIVE, true),
        variant("b", last.get(1), VariantStatus.ACTIVE, false), variant("c", last.get(2), VariantStatus.ACTIVE, false)));
  }

  private static ABTestExperiment experiment(TrafficAllocation traffic, List<AllocationEpoch> history,
      List<ModelVariant> variants) {
    return new ABTestExperiment("exp-1", "org-1", "test", "", variants, traffic,
        List.of(new SuccessMetric("conversion", MetricType.BUSINESS, null, MetricDirection.INCREASE, Significance.PRIMARY)),
        null, ExperimentStatus.RUNNING, null, "alice", START, START, null, history, null);
  }
}
