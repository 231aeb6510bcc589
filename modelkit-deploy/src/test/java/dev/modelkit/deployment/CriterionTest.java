package dev.modelkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.monitoring.BusinessMetrics;
import dev.modelkit.monitoring.LatencyMetrics;
import dev.modelkit.monitoring.PerformanceMetrics;
import org.junit.jupiter.api.Test;

class CriterionTest {

  @Test
  void parsesTheSeedsCriteria() {
    Criterion e = Criterion.parse("c", "error_rate < 0.01");
    assertEquals("error_rate", e.metric());
    assertEquals("<", e.operator());
    assertEquals(0.01, e.threshold());
    Criterion l = Criterion.parse("c", "latency < 200ms");
    assertEquals(200, l.threshold());
    assertEquals(1500, Criterion.parse("c", "latency_p99<=1.5s").threshold());
    assertEquals(0.25, Criterion.parse("c", "latency_p50 < 250us").threshold(), 1e-12);
    Criterion u = Criterion.parse("c", "user_satisfaction > 4.0");
    assertTrue(u.holds(4.2));
    assertFalse(u.holds(4.0));
    assertFalse(u.holds(Double.NaN));
  }

  @Test
  void readsValuesFromMetrics() {
    PerformanceMetrics m = new PerformanceMetrics(0.9, 0.8, 0.7, 0.75, new LatencyMetrics(10, 8, 20, 40, 90), 100,
        0.02, 4.5, 1000, 500, new BusinessMetrics(null), null);
    assertEquals(20, Criterion.parse("c", "latency < 200ms").valueOf(m));
    assertEquals(40, Criterion.parse("c", "latency_p99 < 200ms").valueOf(m));
    assertEquals(0.02, Criterion.parse("c", "error_rate < 0.01").valueOf(m));
    assertEquals(4.5, Criterion.parse("c", "user_satisfaction > 4").valueOf(m));
  }

  @Test
  void pointsAtTheColumnThatDoesNotParse() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Criterion.parse("stages[1].criteria[0]", "latency << 200ms"));
    assertEquals("Invalid canary criterion (1 problem):\n  - stages[1].criteria[0] was 'latency << 200ms' but it must be "
        + "'metric op number[unit]': at column 9 expected an operator: < <= > >= ==", e.getMessage());
    e = assertThrows(ConfigurationException.class, () -> Criterion.parse("c", "errors < 1"));
    assertTrue(e.getMessage().contains("at column 1 expected a metric"), e.getMessage());
    e = assertThrows(ConfigurationException.class, () -> Criterion.parse("c", "error_rate < 1ms"));
    assertTrue(e.getMessage().contains("at column 15 expected the end of the criterion"), e.getMessage());
    e = assertThrows(ConfigurationException.class, () -> Criterion.parse("c", "latency < fast"));
    assertTrue(e.getMessage().contains("at column 11 expected a number"), e.getMessage());
  }
}
