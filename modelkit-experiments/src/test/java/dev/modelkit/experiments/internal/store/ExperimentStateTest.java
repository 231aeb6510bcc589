package dev.modelkit.experiments.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExperimentStateTest {

  @Test
  void exposuresAreCountedOnceAndCrossoversOncePerUnit() {
    ExperimentState s = new ExperimentState(2, 1);
    assertEquals(ExperimentState.NEW, s.expose(42, 0, 0));
    assertEquals(ExperimentState.REPEAT, s.expose(42, 0, 0));
    assertEquals(ExperimentState.CROSSOVER, s.expose(42, 1, 1));
    assertEquals(ExperimentState.REPEAT, s.expose(42, 1, 1));
    assertEquals(ExperimentState.NEW, s.expose(43, 1, 1));
    ExperimentState.Snapshot snap = s.snapshot();
    assertEquals(1, snap.exposures()[0]);
    assertEquals(1, snap.exposures()[1]);
    assertEquals(1, snap.crossovers()[0]);
    assertEquals(0, s.firstVariant(42));
  }

  @Test
  void outcomesGoToTheFirstVariantOnceAndNeedAnExposure() {
    ExperimentState s = new ExperimentState(2, 2);
    assertEquals(ExperimentState.UNEXPOSED, s.outcome(7, 0, 1, 0, false));
    s.expose(7, 1, 0);
    s.expose(7, 0, 1);
    assertEquals(1, s.outcome(7, 0, 1, 0, false));
    assertEquals(ExperimentState.DUPLICATE, s.outcome(7, 0, 1, 0, false));
    assertEquals(1, s.outcome(7, 1, 3.5, 2, true));
    assertEquals(1, s.snapshot().moments()[0][1].n());
    assertEquals(3.5, s.snapshot().moments()[1][1].meanY());
  }

  @Test
  void unitTableGrowsAndKeepsEveryEntryAndItsMetrics() {
    UnitTable t = new UnitTable(4);
    for (long k = 0; k < 100_000; k++) {
      assertEquals(-1, t.putIfAbsent(k, (int) (k & 0x7f)));
      if (k % 3 == 0) {
        assertEquals((int) (k & 0x7f), t.recordMetric(k, (int) (k % 64)));
      }
    }
    assertEquals(100_000, t.size());
    for (long k = 0; k < 100_000; k++) {
      assertEquals((int) (k & 0x7f), t.get(k));
      assertEquals((int) (k & 0x7f), t.peek(k));
      int expected = k % 3 == 0 ? UnitTable.ALREADY_RECORDED : (int) (k & 0x7f);
      assertEquals(expected, t.recordMetric(k, (int) (k % 64)));
    }
    assertEquals(100_000, t.recordedMetrics());
    assertEquals(UnitTable.ABSENT, t.recordMetric(123_456_789L, 0));
    assertEquals(-1, t.get(123_456_789L));
  }
}
