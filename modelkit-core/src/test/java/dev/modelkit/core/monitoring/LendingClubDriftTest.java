package dev.modelkit.core.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.Monitoring;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.monitoring.AlertRule;
import dev.modelkit.monitoring.DriftFinding;
import dev.modelkit.monitoring.DriftReport;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.PredictionRecorder;
import dev.modelkit.monitoring.ReferenceData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift detection on real data: the Lending Club loans replayed through a fixed score, 500
 * predictions per one-minute window, first as they are, then with {@code annual_inc} multiplied by
 * 1.3 from event N on; and 200 windows drawn from the unshifted data for the false-alarm rate.
 * The reference profile is the whole data set (9,857 rows), so Evidently's rule picks the
 * normalised Wasserstein distance for numeric features and Jensen-Shannon for categorical ones.
 */
class LendingClubDriftTest {
  static final int PER_WINDOW = 500;
  static final Duration STEP = Duration.ofMillis(60_000 / PER_WINDOW);

  @TempDir
  Path home;
  MonitoringFixture f;
  Monitoring monitoring;
  LendingClub data;

  @BeforeEach
  void setUp() {
    f = new MonitoringFixture(home, MonitoringSettings.defaults().withJoinHorizon(4096));
    monitoring = f.monitoring();
    data = LendingClub.load();
    List<String> predictions = new ArrayList<>();
    double[] probabilities = new double[data.rows().size()];
    for (int i = 0; i < data.rows().size(); i++) {
      probabilities[i] = LendingClub.score(data.rows().get(i));
      predictions.add(LendingClub.predict(probabilities[i]));
    }
    monitoring.registerReference("credit", "v1", ReferenceData.builder().rows(data.rows()).predictions(predictions)
        .probabilities(probabilities).build());
    monitoring.addAlertRule("credit", AlertRule.of("income_shift", "psi(annual_inc) > 0.2", "alert", "retrain"));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private void replay(PredictionRecorder recorder, Map<String, Object> row) {
    double p = LendingClub.score(row);
    recorder.record(row, LendingClub.predict(p), p, 3_000_000, false);
    f.advance(STEP);
  }

  @Test
  void incomeScaledByOnePointThreeIsFlaggedWithinAWindow() {
    int n = 3250;
    int total = 6000;
    SplittableRandom random = new SplittableRandom(20240301);
    PredictionRecorder recorder = monitoring.recorder("credit", "v1");
    int[] order = random.ints(total, 0, data.rows().size()).toArray();
    Instant shiftAt = null;
    for (int i = 0; i < total; i++) {
      if (i == n) {
        shiftAt = f.clock.instant();
      }
      Map<String, Object> row = data.rows().get(order[i]);
      replay(recorder, i >= n ? LendingClub.scaleIncome(row, 1.3) : row);
    }
    List<Alert> raised = List.copyOf(f.alerts);
    Instant shift = shiftAt;
    assertTrue(raised.stream().noneMatch(a -> a.raisedAt().isBefore(shift)), "no alert before the shift: " + raised);
    Alert first = raised.stream().filter(a -> a.name().equals("income_shift")).findFirst().orElseThrow();
    long eventsAfterShift = Duration.between(shift, first.raisedAt()).toMillis() / STEP.toMillis();
    System.out.printf("Lending Club, annual_inc x1.3 from event %d: alert '%s' raised %d events after the shift "
        + "(PSI %.3f); windows of %d events%n", n, first.condition(), eventsAfterShift, first.value(), PER_WINDOW);
    // the shift starts half way through a window: the rule fires at the end of that window or the next
    int toWindowEnd = PER_WINDOW - n % PER_WINDOW;
    assertTrue(eventsAfterShift <= toWindowEnd + PER_WINDOW, "detected within two windows: " + eventsAfterShift);
    assertEquals(List.of("alert", "retrain"), first.actions());

    // the windows' drift findings: nothing before the shift, annual_inc flagged from the mixed window on
    Instant start = MonitoringFixture.START;
    long flaggedAfter = -1;
    for (int w = 0; w < total / PER_WINDOW; w++) {
      Instant ws = start.plus(Duration.ofMinutes(w));
      DriftReport r = monitoring.drift("credit", "v1", new Period(ws, ws.plus(Duration.ofMinutes(1))));
      DriftFinding income = r.feature("annual_inc");
      boolean before = (w + 1) * PER_WINDOW <= n;
      if (before) {
        assertTrue(r.features().stream().noneMatch(DriftFinding::drifted), "window " + w + ": " + r.features());
      } else if (income.drifted() && flaggedAfter < 0) {
        flaggedAfter = (long) (w + 1) * PER_WINDOW - n;
        System.out.printf("annual_inc flagged by %s = %.3f (p %.2g) at the end of window %d: %d events after the "
            + "shift; other features flagged: %s%n", income.method(), income.statistic(), income.adjustedPValue(), w,
            flaggedAfter, r.features().stream().filter(DriftFinding::drifted).map(DriftFinding::feature).toList());
        assertEquals("wasserstein", income.method());
      }
      if ((long) w * PER_WINDOW >= n) {
        assertTrue(income.drifted(), "every fully shifted window flags annual_inc: window " + w + " " + income);
        assertTrue(income.statistic() > 0.3, "Wasserstein/std of a 30% scale-up is about 0.3 * mean / std = 0.45");
      }
    }
    assertTrue(flaggedAfter > 0 && flaggedAfter <= toWindowEnd + PER_WINDOW, "flagged after " + flaggedAfter);
  }

  @Test
  void unshiftedWindowsRarelyAlarm() {
    SplittableRandom random = new SplittableRandom(7);
    PredictionRecorder recorder = monitoring.recorder("credit", "v1");
    int windows = 200;
    Instant start = f.clock.instant();
    for (int w = 0; w < windows; w++) {
      int[] pick = random.ints(0, data.rows().size()).distinct().limit(PER_WINDOW).toArray();
      for (int i : pick) {
        replay(recorder, data.rows().get(i));
      }
    }
    f.advance(Duration.ofMinutes(1));
    int anyFeature = 0;
    int income = 0;
    int dataset = 0;
    java.util.Map<String, Integer> byFeature = new java.util.TreeMap<>();
    for (int w = 0; w < windows; w++) {
      Instant ws = start.plus(Duration.ofMinutes(w));
      DriftReport r = monitoring.drift("credit", "v1", new Period(ws, ws.plus(Duration.ofMinutes(1))));
      assertEquals(PER_WINDOW, r.currentRows());
      if (r.features().stream().anyMatch(DriftFinding::drifted)) {
        anyFeature++;
      }
      r.features().stream().filter(DriftFinding::drifted).forEach(d -> byFeature.merge(d.feature() + " ("
          + d.method() + ")", 1, Integer::sum));
      if (r.feature("annual_inc").drifted()) {
        income++;
      }
      if (r.datasetDrift()) {
        dataset++;
      }
    }
    long ruleAlarms = f.alerts.size();
    System.out.printf("200 unshifted windows of %d: rule psi(annual_inc) > 0.2 raised %d alerts, annual_inc flagged %d,"
        + " any feature flagged %d %s, dataset drift %d%n", PER_WINDOW, ruleAlarms, income, anyFeature, byFeature,
        dataset);
    assertTrue(ruleAlarms <= windows * 0.05, "rule alarms " + ruleAlarms);
    assertTrue(income <= windows * 0.05, "annual_inc false alarms " + income);
    assertTrue(anyFeature <= windows * 0.05, "windows with any feature flagged " + anyFeature);
    assertTrue(dataset <= windows * 0.05, "dataset drift " + dataset);
  }
}
