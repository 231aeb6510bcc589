package dev.modelkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.deploy.CanaryStage;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.deploy.RolloutType;
import dev.modelkit.monitoring.PerformanceMetrics;
import dev.modelkit.monitoring.Period;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canary stage decisions on scripted evidence, without a runtime or a clock thread. */
class CanaryJudgeTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final CanaryStage TEN_MINUTES = new CanaryStage(20, 600, List.of("error_rate < 0.05"));

  /** Evidence per version, and the windows it was asked for. */
  private final Map<String, PerformanceMetrics> evidence = new HashMap<>();
  private final List<Period> asked = new java.util.ArrayList<>();
  private final CanaryJudge judge = new CanaryJudge((ctx, model, version, window) -> {
    asked.add(window);
    return evidence.get(version);
  }, 50, 0.05);

  private static PerformanceMetrics errors(long predictions, long errors) {
    return new PerformanceMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, 0,
        (double) errors / predictions, Double.NaN, predictions, 0, null, null);
  }

  private CanaryJudge.Verdict at(CanaryStage stage, int index, long secondsIn) {
    List<Criterion> criteria = stage.criteria().stream().map(t -> Criterion.parse("criteria", t)).toList();
    return judge.stage(null, "credit", "v2", "v1", index, stage, criteria, T0, T0.minusSeconds(900),
        T0.plusSeconds(secondsIn));
  }

  @Test
  void aStageWaitsForItsDurationThenAdvancesOnGoodEvidence() {
    evidence.put("v2", errors(400, 4));
    evidence.put("v1", errors(4000, 40));
    assertEquals(CanaryJudge.Decision.WAIT, at(TEN_MINUTES, 0, 300).decision());
    CanaryJudge.Verdict v = at(TEN_MINUTES, 0, 601);
    assertEquals(CanaryJudge.Decision.ADVANCE, v.decision());
    assertNull(v.reason());
    assertEquals(new Period(T0, T0.plusSeconds(601)), asked.get(asked.size() - 1), "the stage's own window");
  }

  @Test
  void aHighErrorRateFailsEarlyOnItsWilsonBound() {
    evidence.put("v2", errors(200, 40));
    CanaryJudge.Verdict v = at(TEN_MINUTES, 0, 60);
    assertEquals(CanaryJudge.Decision.ROLL_BACK, v.decision());
    assertTrue(v.reason().startsWith("criterion 'error_rate < 0.05' failed early: error rate 0.2000 over 200"), v.reason());
    evidence.put("v2", errors(19, 19));
    assertEquals(CanaryJudge.Decision.WAIT, at(TEN_MINUTES, 0, 60).decision(), "fewer than 20 predictions never fail early");
  }

  @Test
  void tooLittleEvidenceWaitsThenRollsBackAfterThreeTimesTheDuration() {
    evidence.put("v2", errors(49, 0));
    assertEquals(CanaryJudge.Decision.WAIT, at(TEN_MINUTES, 0, 601).decision());
    CanaryJudge.Verdict v = at(TEN_MINUTES, 0, 1800);
    assertEquals(CanaryJudge.Decision.ROLL_BACK, v.decision());
    assertTrue(v.reason().contains("gathered 49 predictions of version v2 in three times its duration"), v.reason());
    evidence.remove("v2");
    assertTrue(at(TEN_MINUTES, 0, 1800).reason().contains("gathered 0 predictions"), "no evidence at all is no data");
  }

  @Test
  void aCanaryUnderTheThresholdButSignificantlyWorseThanLiveRollsBack() {
    evidence.put("v2", errors(1000, 40));
    evidence.put("v1", errors(10000, 100));
    CanaryJudge.Verdict v = at(TEN_MINUTES, 0, 601);
    assertEquals(CanaryJudge.Decision.ROLL_BACK, v.decision());
    assertTrue(v.reason().contains("significantly above live version v1"), v.reason());
    double p = CanaryJudge.worseThanLive(errors(1000, 40), errors(10000, 100));
    assertTrue(p < 1e-6, "4% against 1% over these counts: z about 8.5, p " + p);
    assertEquals(1.0, CanaryJudge.worseThanLive(errors(100, 0), errors(100, 0)), "no errors on either side");
  }

  @Test
  void aStageWithoutDurationJudgesThePreviousStagesWindow() {
    evidence.put("v2", errors(400, 4));
    CanaryStage last = new CanaryStage(100, 0, List.of("error_rate < 0.05"));
    assertEquals(CanaryJudge.Decision.ADVANCE, at(last, 1, 1).decision());
    assertEquals(T0.minusSeconds(900), asked.get(0).start());
    assertEquals(CanaryJudge.Decision.ADVANCE, at(new CanaryStage(100, 0, List.of()), 1, 0).decision(),
        "no criteria: nothing to judge");
  }

  @Test
  void evidenceThatCannotBeReadMakesTheStageWaitNotFail() {
    CanaryJudge closed = new CanaryJudge((ctx, model, version, window) -> {
      throw new IllegalStateException("the monitoring engine is closed");
    }, 50, 0.05);
    CanaryJudge.Verdict v = closed.stage(null, "credit", "v2", "v1", 0, TEN_MINUTES,
        List.of(Criterion.parse("criteria", "error_rate < 0.05")), T0, T0, T0.plusSeconds(601));
    assertEquals(CanaryJudge.Decision.WAIT, v.decision(), "no verdict on the version: " + v.reason());
    CanaryJudge.Verdict late = closed.stage(null, "credit", "v2", "v1", 0, TEN_MINUTES,
        List.of(Criterion.parse("criteria", "error_rate < 0.05")), T0, T0, T0.plusSeconds(1800));
    assertEquals(CanaryJudge.Decision.ROLL_BACK, late.decision(), "evidence that never comes is a shortage of evidence");
    assertTrue(late.reason().contains("gathered 0 predictions"), late.reason());

    evidence.put("v2", errors(400, 4));
    CanaryJudge liveUnreadable = new CanaryJudge((ctx, model, version, window) -> {
      if (version.equals("v1")) {
        throw new IllegalStateException("the monitoring store is busy");
      }
      return evidence.get(version);
    }, 50, 0.05);
    assertEquals(CanaryJudge.Decision.WAIT, liveUnreadable.stage(null, "credit", "v2", "v1", 0, TEN_MINUTES,
        List.of(Criterion.parse("criteria", "error_rate < 0.05")), T0, T0, T0.plusSeconds(601)).decision(),
        "the comparison with the live version is waited for, never skipped");
  }

  @Test
  void wilsonLowerBoundMatchesAHandComputation() {
    // 10 of 100 at z = 1.96: (0.1 + 0.019208 - 1.96 * sqrt(0.0009 + 0.00009604)) / 1.038416 = 0.05523
    assertEquals(0.05523, CanaryJudge.wilsonLower(10, 100, 1.96), 1e-5);
    assertEquals(0.0, CanaryJudge.wilsonLower(0, 100, 1.96), 1e-12);
  }

  @Test
  void everyUnparsableCriterionIsNamedByItsPath() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> CanaryJudge.parseCriteria(
        new RolloutStrategy(RolloutType.CANARY, null, null, List.of(new CanaryStage(10, 60, List.of("error_rate < 0.01",
            "speed > 3")), new CanaryStage(100, 0, List.of("latency < fast"))), null, null)));
    assertEquals(2, e.violations().size(), e.getMessage());
    assertTrue(e.getMessage().contains("stages[0].criteria[1]") && e.getMessage().contains("stages[1].criteria[0]"),
        e.getMessage());
  }
}
