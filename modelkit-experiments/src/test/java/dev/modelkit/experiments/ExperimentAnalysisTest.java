package dev.modelkit.experiments;

import static dev.modelkit.experiments.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.Experiments;
import dev.modelkit.InvalidStateException;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.DecisionProjection;
import dev.modelkit.experiment.EffectEstimate;
import dev.modelkit.experiment.ExperimentAnalysis;
import dev.modelkit.experiment.ExperimentConfiguration;
import dev.modelkit.experiment.ExperimentDefinition;
import dev.modelkit.experiment.ExperimentReview;
import dev.modelkit.experiment.ExperimentStatus;
import dev.modelkit.experiment.MetricAnalysis;
import dev.modelkit.experiment.MetricDirection;
import dev.modelkit.experiment.MetricEvent;
import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.RecordResult;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.StoppingAction;
import dev.modelkit.experiment.TrafficAllocation;
import dev.modelkit.experiment.VariantComparison;
import dev.modelkit.experiments.internal.assign.Assigner;
import dev.modelkit.experiments.internal.stats.Comparison;
import dev.modelkit.experiments.internal.stats.FixedHorizonTests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assignment, recording and analysis through the engine, on the real stores. */
class ExperimentAnalysisTest {
  private static final Map<String, Double> LATENCY = Map.of("control", 120.0, "treatment", 118.0);

  @TempDir
  Path home;
  TestRuntime runtime;
  Experiments alice;

  @BeforeEach
  void open() {
    runtime = new TestRuntime(home);
    alice = runtime.as(ALICE);
  }

  @AfterEach
  void close() {
    runtime.close();
  }

  @Test
  void analysisCountsSilentUnitsAsNotConvertedAndMatchesTheTallies() {
    String id = started(Fixtures.conversionTest(0.1));
    Traffic traffic = new Traffic(alice, id, 1);
    traffic.run(0, 6000, Map.of("control", 0.10, "treatment", 0.12), LATENCY);
    runtime.clock.advance(Duration.ofHours(3));
    ExperimentAnalysis a = alice.analyse(id);
    long[] c = traffic.tallies.get("control");
    long[] t = traffic.tallies.get("treatment");
    assertEquals(c[0] + t[0], a.totalUnits());
    assertEquals(c[0], a.variants().get(0).units());
    MetricAnalysis conversion = a.metric("conversion");
    assertEquals(c[0], conversion.summaries().get(0).units());
    assertEquals((double) c[1], conversion.summaries().get(0).total());
    EffectEstimate fixed = conversion.comparison("treatment").fixedHorizon();
    Comparison expected = FixedHorizonTests.twoProportion(c[1], c[0], t[1], t[0], 0.05);
    assertEquals(expected.pValue(), fixed.pValue(), 1e-12);
    assertEquals(expected.lower(), fixed.absoluteLower(), 1e-12);
    assertEquals("two-proportion z-test", fixed.test());
    assertEquals("Welch t-test", a.metric("latency_ms").comparison("treatment").fixedHorizon().test());
    assertFalse(a.sampleRatio().mismatch());
    assertNotNull(conversion.comparison("treatment").sequential());
    assertEquals("beta-binomial", conversion.comparison("treatment").bayesian().model());
    assertNotNull(a.projection().explanation());
    assertTrue(a.projection().unitsPerHour() > 1900 && a.projection().unitsPerHour() < 2100,
        "rate " + a.projection().unitsPerHour());
    // Round trip through the codec: the analysis is stored with conclusions, so it must be JSON-safe.
    assertEquals(a, runtime.json.fromJson(runtime.json.toJson(a), ExperimentAnalysis.class));
  }

  @Test
  void aBadEventIsReportedAndTheRestOfTheBatchIsRecorded() {
    String id = started(Fixtures.conversionTest(0.1));
    alice.assign(id, "u1", Map.of());
    alice.assign(id, "u2", Map.of());
    RecordResult r = alice.record(id, List.of(
        MetricEvent.conversion("conversion", "u1", true),
        MetricEvent.value("conversion", "u2", 3.0),
        MetricEvent.conversion("revenue", "u2", true),
        MetricEvent.conversion("conversion", "never-assigned", true),
        MetricEvent.conversion("conversion", "u1", true),
        MetricEvent.value("latency_ms", "u2", 99)));
    assertEquals(2, r.accepted());
    assertEquals(1, r.duplicates());
    assertEquals(3, r.rejected().size());
    assertEquals(1, r.rejected().get(0).index());
    assertTrue(r.rejected().get(0).reason().contains("is binary but the event is continuous")
        && r.rejected().get(0).reason().contains("MetricEvent.conversion"), r.rejected().get(0).reason());
    assertTrue(r.rejected().get(1).reason().contains("'revenue' is not a success metric"), r.rejected().get(1).reason());
    assertTrue(r.rejected().get(2).reason().contains("never exposed"), r.rejected().get(2).reason());
  }

  @Test
  void badValuesAreRefusedWithTheFieldValueAndFix() {
    ConfigurationException negative = assertThrows(ConfigurationException.class,
        () -> MetricEvent.count("actions", "u1", -3));
    assertTrue(negative.getMessage().contains("value was '-3' but it must be 0 or greater: a count cannot be negative"),
        negative.getMessage());
    ConfigurationException ratio = assertThrows(ConfigurationException.class,
        () -> MetricEvent.ratio("ctr", "u1", 3, -1));
    assertTrue(ratio.getMessage().contains("denominator was '-1'"), ratio.getMessage());
    assertThrows(ConfigurationException.class, () -> new MetricEvent("conversion", "u1", MetricKind.BINARY, 2, null, null));
  }

  @Test
  void analysingWithoutDataSaysWhatToDo() {
    String id = alice.create(Fixtures.conversionTest(0.1)).id();
    InvalidStateException draft = assertThrows(InvalidStateException.class, () -> alice.analyse(id));
    assertTrue(draft.getMessage().contains("no data to analyse") && draft.getMessage().contains("start(\"" + id + "\")"),
        draft.getMessage());
    alice.start(id);
    InvalidStateException running = assertThrows(InvalidStateException.class, () -> alice.analyse(id));
    assertTrue(running.getMessage().contains("Assign units"), running.getMessage());
  }

  @Test
  void aRestartLosesNoAcknowledgedEvent() {
    String id = started(Fixtures.conversionTest(0.1));
    new Traffic(alice, id, 2).run(0, 3000, Map.of("control", 0.10, "treatment", 0.12), LATENCY);
    ExperimentAnalysis before = alice.analyse(id);
    runtime.crashAndReopen();
    Experiments again = runtime.as(ALICE);
    assertEquals(before, again.analyse(id));
    // After a clean restart (checkpoint written) as well.
    runtime.restart();
    assertEquals(before, runtime.as(ALICE).analyse(id));
  }

  @Test
  void exposuresBecomeDurableWithTheNextFlush() {
    String id = started(Fixtures.conversionTest(0.1));
    for (int i = 0; i < 50; i++) {
      alice.assign(id, "early-" + i, Map.of());
    }
    alice.flush(id);
    for (int i = 0; i < 30; i++) {
      alice.assign(id, "late-" + i, Map.of());
    }
    runtime.crashAndReopen();
    Experiments again = runtime.as(ALICE);
    // The 50 flushed exposures survive; the 30 buffered ones were never acknowledged.
    assertEquals(50, again.analyse(id).totalUnits());
    // A unit whose exposure was lost is simply exposed again, to the same variant.
    assertTrue(again.assign(id, "late-0", Map.of()).firstExposure());
  }

  @Test
  void sampleRatioMismatchIsFlaggedFor5000Versus5300ButNotFor5000Versus5050() {
    ExperimentAnalysis flagged = skewed(5000, 5300);
    assertTrue(flagged.sampleRatio().mismatch());
    assertEquals(0.003116693839866867, flagged.sampleRatio().pValue(), 1e-9); // scipy.stats.chisquare([5000, 5300])
    assertTrue(flagged.notes().stream().anyMatch(n -> n.startsWith("Sample ratio mismatch")));
    assertEquals(StoppingAction.CONTINUE, flagged.recommendation().action());
    ExperimentAnalysis fine = skewed(5000, 5050);
    assertFalse(fine.sampleRatio().mismatch());
    assertEquals(0.6179522266795625, fine.sampleRatio().pValue(), 1e-9); // scipy.stats.chisquare([5000, 5050])
  }

  // Exposes exactly the given numbers of units per variant of a 50/50 experiment, as a logging
  // bug that drops some control exposures would.
  private ExperimentAnalysis skewed(int control, int treatment) {
    ABTestExperiment e = alice.create(Fixtures.conversionTest(0.1));
    String id = alice.start(e.id()).id();
    Assigner predict = new Assigner(alice.get(id));
    int[] counts = new int[2];
    for (int i = 0; counts[0] < control || counts[1] < treatment; i++) {
      String unit = "unit-" + i;
      int v = predict.variantOf(predict.hash(unit));
      if (counts[v] < (v == 0 ? control : treatment)) {
        counts[v]++;
        alice.assign(id, unit, Map.of());
      }
    }
    return alice.analyse(id);
  }

  @Test
  void reviewRollsBackAHarmfulVariant() {
    String id = started(Fixtures.conversionTest(0.1));
    new Traffic(alice, id, 3).run(0, 4000, Map.of("control", 0.12, "treatment", 0.05), LATENCY);
    ExperimentReview review = alice.review(id);
    assertEquals(StoppingAction.STOP_FOR_HARM, review.analysis().recommendation().action());
    assertEquals("treatment", review.analysis().recommendation().variantId());
    assertTrue(review.acted());
    assertEquals(ExperimentStatus.ROLLED_BACK, review.experiment().status());
    assertTrue(review.experiment().statusReason().startsWith("Automatic review:"));
    assertEquals("control", alice.router().variantFor(id, "user-1", Map.of()));
  }

  @Test
  void reviewStopsAClearWinnerAndLeavesAnUndecidedExperimentRunning() {
    String id = started(Fixtures.conversionTest(0.1));
    Traffic traffic = new Traffic(alice, id, 4);
    traffic.run(0, 400, Map.of("control", 0.10, "treatment", 0.25), LATENCY);
    ExperimentReview early = alice.review(id);
    assertFalse(early.acted());
    assertEquals(ExperimentStatus.RUNNING, early.experiment().status());
    traffic.run(400, 5000, Map.of("control", 0.10, "treatment", 0.25), LATENCY);
    ExperimentReview late = alice.review(id);
    assertEquals(StoppingAction.STOP_FOR_EFFICACY, late.analysis().recommendation().action());
    assertEquals("treatment", late.analysis().recommendation().variantId());
    assertEquals(ExperimentStatus.STOPPED, late.experiment().status());
  }

  @Test
  void theMinimumSampleGuardHoldsBackEarlyStops() {
    ExperimentDefinition d = Fixtures.conversionTest(0.1)
        .with(ExperimentConfiguration.defaults().withGuards(5000, Duration.ofHours(24)));
    String id = started(d);
    new Traffic(alice, id, 5).run(0, 3000, Map.of("control", 0.12, "treatment", 0.02), LATENCY);
    ExperimentAnalysis a = alice.analyse(id);
    assertEquals(StoppingAction.CONTINUE, a.recommendation().action());
    assertTrue(a.recommendation().reasons().get(0).startsWith("Guard:"), a.recommendation().reasons().toString());
  }

  @Test
  void lateOutcomesCountForTheVariantFirstSeenEvenAfterAReallocation() {
    ExperimentDefinition d = new ExperimentDefinition("ramp", "", List.of(Fixtures.variant("control", 90, true),
        Fixtures.variant("treatment", 10, false)), TrafficAllocation.fixedSplit(),
        List.of(Fixtures.metric("conversion", MetricKind.BINARY, Significance.PRIMARY, MetricDirection.INCREASE, null)),
        null);
    String id = started(d);
    List<String> controlUnits = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      if (alice.assign(id, "u" + i, Map.of()).variantId().equals("control")) {
        controlUnits.add("u" + i);
      }
    }
    alice.reallocate(id, Map.of("control", 50.0, "treatment", 50.0), "ramp the treatment to half");
    int moved = 0;
    for (String u : controlUnits) {
      moved += alice.assign(id, u, Map.of()).variantId().equals("treatment") ? 1 : 0;
    }
    List<MetricEvent> late = controlUnits.stream().map(u -> MetricEvent.conversion("conversion", u, true)).toList();
    assertEquals(controlUnits.size(), alice.record(id, late).accepted());
    ExperimentAnalysis a = alice.analyse(id);
    // Every late conversion went to the control, where those units were first exposed.
    assertEquals((double) controlUnits.size(), a.metric("conversion").summaries().get(0).total());
    assertEquals(0.0, a.metric("conversion").summaries().get(1).total());
    assertEquals(moved, a.variants().get(0).crossovers());
    assertTrue(moved > 0.4 * controlUnits.size() && moved < 0.5 * controlUnits.size(), "moved " + moved);
    assertTrue(a.notes().stream().anyMatch(n -> n.contains("later hashed to another variant")));
  }

  @Test
  void cupedUsesTheCovariateAndReportsTheVarianceReduction() {
    ExperimentDefinition d = new ExperimentDefinition("cuped", "", List.of(Fixtures.variant("control", 50, true),
        Fixtures.variant("treatment", 50, false)), TrafficAllocation.fixedSplit(),
        List.of(Fixtures.metric("spend", MetricKind.CONTINUOUS, Significance.PRIMARY, MetricDirection.INCREASE, null)),
        null);
    String id = started(d);
    SplittableRandom r = new SplittableRandom(6);
    List<MetricEvent> events = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      String unit = "cust-" + i;
      boolean treated = alice.assign(id, unit, Map.of()).variantId().equals("treatment");
      double before = 100 + 30 * r.nextGaussian();
      double after = before + (treated ? 2 : 0) + 5 * r.nextGaussian();
      events.add(MetricEvent.value("spend", unit, after).withCovariate(before));
    }
    alice.record(id, events);
    VariantComparison c = alice.analyse(id).metric("spend").comparison("treatment");
    assertNotNull(c.cuped());
    assertTrue(c.cuped().varianceReduction() > 0.9, "reduction " + c.cuped().varianceReduction());
    assertTrue(c.cuped().upper() - c.cuped().lower() < 0.4 * (c.fixedHorizon().absoluteUpper() - c.fixedHorizon().absoluteLower()));
    assertTrue(c.cuped().lower() < 2 && c.cuped().upper() > 2, c.cuped().toString());
  }

  @Test
  void ratioMetricsUseTheDeltaMethod() {
    ExperimentDefinition d = new ExperimentDefinition("ctr", "", List.of(Fixtures.variant("control", 50, true),
        Fixtures.variant("treatment", 50, false)), TrafficAllocation.fixedSplit(),
        List.of(Fixtures.metric("clicks_per_view", MetricKind.RATIO, Significance.PRIMARY, MetricDirection.INCREASE,
            null)), null);
    String id = started(d);
    SplittableRandom r = new SplittableRandom(7);
    List<MetricEvent> events = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String unit = "v-" + i;
      boolean treated = alice.assign(id, unit, Map.of()).variantId().equals("treatment");
      int views = 1 + r.nextInt(20);
      int clicks = 0;
      for (int k = 0; k < views; k++) {
        clicks += r.nextDouble() < (treated ? 0.12 : 0.10) ? 1 : 0;
      }
      events.add(MetricEvent.ratio("clicks_per_view", unit, clicks, views));
    }
    assertEquals(3000, alice.record(id, events).accepted());
    MetricAnalysis m = alice.analyse(id).metric("clicks_per_view");
    EffectEstimate f = m.comparison("treatment").fixedHorizon();
    assertEquals("delta-method z-test", f.test());
    assertEquals(0.10, f.controlMean(), 0.01);
    assertEquals(0.12, f.variantMean(), 0.01);
    assertNull(m.comparison("treatment").cuped());
  }

  @Test
  void rampUpAdmitsMoreUnitsOverTimeWithoutMovingAnyone() {
    ExperimentDefinition d = Fixtures.conversionTest(0.1).with(TrafficAllocation.ramp(
        new dev.modelkit.experiment.RampStep(Duration.ZERO, 10), new dev.modelkit.experiment.RampStep(Duration.ofHours(24), 50)));
    String id = started(d);
    Map<String, String> first = new java.util.HashMap<>();
    for (int i = 0; i < 5000; i++) {
      var a = alice.assign(id, "u" + i, Map.of());
      if (a.inExperiment()) {
        first.put("u" + i, a.variantId());
      }
    }
    assertEquals(500, first.size(), 60);
    runtime.clock.advance(Duration.ofHours(25));
    int in = 0;
    for (int i = 0; i < 5000; i++) {
      var a = alice.assign(id, "u" + i, Map.of());
      in += a.inExperiment() ? 1 : 0;
      if (first.containsKey("u" + i)) {
        assertEquals(first.get("u" + i), a.variantId());
      }
    }
    assertEquals(2500, in, 150);
    assertFalse(alice.analyse(id).sampleRatio().mismatch());
  }

  @Test
  void theProjectionSaysWhetherTheDecisionTargetWillBeMet() {
    String strong = started(Fixtures.conversionTest(0.1));
    new Traffic(alice, strong, 8).run(0, 2000, Map.of("control", 0.10, "treatment", 0.13), LATENCY);
    runtime.clock.advance(Duration.ofHours(1));
    DecisionProjection fast = alice.analyse(strong).projection();
    assertEquals("conversion", fast.metric());
    assertEquals(2000, fast.unitsSoFar());
    assertEquals(2000, fast.unitsPerHour(), 1e-9);
    assertTrue(fast.unitsNeeded() > 2000, fast.toString());
    // Remaining units at the observed rate, rounded up to the second.
    assertEquals(Math.ceil((fast.unitsNeeded() - 2000) / 2000.0 * 3600), fast.timeToDecision().getSeconds(), 1);
    assertEquals(TestRuntime.START.plus(Duration.ofHours(48)), fast.deadline());
    assertEquals(14751L, fast.fixedHorizonUnitsPerVariant(), 1500L);
    assertEquals(fast.timeToDecision().compareTo(Duration.ofHours(47)) <= 0, fast.reachableByDeadline());

    // Low traffic: 600 units in 40 hours leave 8 hours at 15 units an hour before the deadline.
    String weak = started(Fixtures.conversionTest(0.01));
    new Traffic(alice, weak, 9).run(100_000, 100_600, Map.of("control", 0.10, "treatment", 0.105), LATENCY);
    runtime.clock.advance(Duration.ofHours(40));
    DecisionProjection slow = alice.analyse(weak).projection();
    assertEquals(Boolean.FALSE, slow.reachableByDeadline(), slow.explanation());
    assertTrue(slow.explanation().contains("will NOT be met"), slow.explanation());
    assertTrue(slow.fixedHorizonUnitsPerVariant() > 500_000, slow.toString());
  }

  private String started(ExperimentDefinition d) {
    return alice.start(alice.create(d).id()).id();
  }
}
