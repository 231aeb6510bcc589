package dev.modelkit.core.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.Monitoring;
import dev.modelkit.core.monitoring.internal.RuleExpression;
import dev.modelkit.core.monitoring.internal.RuleParser;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.monitoring.AlertRule;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.PredictionRecorder;
import dev.modelkit.spi.AuditQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertRulesTest {

  @Nested
  class Grammar {
    private String error(String condition) {
      return assertThrows(ConfigurationException.class, () -> RuleParser.parse(condition)).getMessage();
    }

    @Test
    void theSeedsConditionsParse() {
      assertEquals(new RuleExpression.Comparison(new RuleExpression.MetricRef("error_rate", null, null), ">", 0.05),
          RuleParser.parse("error_rate > 0.05"));
      assertEquals(200.0, ((RuleExpression.Comparison) RuleParser.parse("latency_p99 > 200ms")).number());
      assertEquals(200.0, ((RuleExpression.Comparison) RuleParser.parse("latency_p99>0.2s")).number(), 1e-12);
      assertEquals("psi(annual_inc)",
          ((RuleExpression.Comparison) RuleParser.parse("psi(annual_inc) > 0.2")).metric().key());
      RuleExpression e = RuleParser.parse("NOT (accuracy >= 90%) or zscore(latency_p99) > 3.5 AND predictions >= 100");
      assertTrue(e instanceof RuleExpression.Or, e.toString());
      assertEquals(List.of("accuracy", "zscore(latency_p99)", "predictions"),
          RuleParser.metrics(e).stream().map(RuleExpression.MetricRef::key).toList());
      assertEquals(0.9, ((RuleExpression.Comparison) ((RuleExpression.Not) ((RuleExpression.Or) e).left()).operand())
          .number(), 1e-12);
    }

    @Test
    void parseErrorsPointAtTheColumn() {
      String m = error("error_rate > abc");
      assertTrue(m.contains("at column 14, expected a number after '>' but found 'abc'"), m);
      assertTrue(m.contains("\n      error_rate > abc\n                   ^"), m);
      m = error("psi(annual_inc > 0.2");
      assertTrue(m.contains("at column 16, expected ')' to close psi( but found '> 0.2'"), m);
      m = error("eror_rate > 0.05");
      assertTrue(m.contains("at column 1, expected a known metric") && m.contains("found 'eror_rate'"), m);
      m = error("error_rate > 5ms");
      assertTrue(m.contains("at column 15, expected no time unit") && m.contains("not a latency"), m);
      m = error("latency_p99 > 200 kg");
      assertTrue(m.contains("at column 19, expected a unit ms, s or %"), m);
      assertEquals(200.0, ((RuleExpression.Comparison) RuleParser.parse("latency_p99 > 200 ms")).number());
      m = error("latency_p99 200");
      assertTrue(m.contains("at column 13, expected a comparison operator"), m);
      m = error("error_rate > 0.05 and");
      assertTrue(m.contains("at column 22, expected a metric name") && m.contains("the condition ends there"), m);
      m = error("zscore(zscore(latency_p99)) > 3");
      assertTrue(m.contains("at column 8, expected a plain metric inside zscore"), m);
    }
  }

  @Nested
  class Firing {
    @TempDir
    Path home;
    MonitoringFixture f;
    Monitoring monitoring;
    PredictionRecorder recorder;

    @BeforeEach
    void setUp() {
      f = new MonitoringFixture(home);
      f.engineer.registerModel("fraud", "7");
      monitoring = f.monitoring();
      recorder = monitoring.recorder("fraud", "7");
    }

    @AfterEach
    void tearDown() {
      f.close();
    }

    /** One window of 100 predictions with the given error count and latency. */
    private void window(int errors, long latencyMillis) {
      for (int i = 0; i < 100; i++) {
        recorder.record(Map.of(), "ok", Double.NaN, latencyMillis * 1_000_000 + i * 10_000, i < errors);
      }
      f.advance(Duration.ofMinutes(1));
    }

    @Test
    void forDurationAndCoolDownAcrossWindows() {
      monitoring.addAlertRule("fraud", new AlertRule("errors", "error_rate > 0.05", Duration.ofMinutes(3),
          Duration.ofMinutes(10), List.of("alert", "rollback")));
      window(10, 5);
      window(10, 5);
      assertEquals(0, f.alerts.size(), "held for two windows only");
      window(10, 5);
      assertEquals(1, f.alerts.size(), "held for three minutes");
      Alert a = f.alerts.get(0);
      assertEquals("fraud", a.modelId());
      assertEquals("7", a.version());
      assertEquals(0.1, a.value(), 1e-12);
      assertEquals(List.of("alert", "rollback"), a.actions());
      assertTrue(a.message().contains("error_rate > 0.05"), a.message());
      for (int i = 0; i < 9; i++) {
        window(10, 5);
      }
      assertEquals(1, f.alerts.size(), "cooling down until ten minutes after the first, at the end of minute 13");
      window(10, 5);
      assertEquals(2, f.alerts.size(), "ten minutes after the first");
      window(0, 5);
      window(10, 5);
      window(10, 5);
      assertEquals(2, f.alerts.size(), "a healthy window restarts the for-duration");
      Period all = new Period(MonitoringFixture.START, f.clock.instant());
      assertEquals(2, monitoring.alerts("fraud", all).size(), "alerts are stored");
      assertEquals(2, f.store.queryAudit(new AuditQuery("acme", "monitor_alert", null, null, null, null, 0, 100)).size(),
          "and audited");
    }

    @Test
    void robustZScoreFlagsALatencySpikeButNotTheNoise() {
      monitoring.addAlertRule("fraud", AlertRule.of("slow", "zscore(latency_p99) > 3.5 and predictions >= 50"));
      monitoring.addAlertRule("fraud", AlertRule.of("slow_ewma", "ewma(latency_p99) > 4"));
      long[] latencies = {10, 11, 10, 12, 10, 11, 13, 10, 11, 12};
      for (long l : latencies) {
        window(0, l);
      }
      assertEquals(0, f.alerts.size(), "no anomaly in ordinary variation: " + f.alerts);
      window(0, 60);
      assertEquals(List.of("slow", "slow_ewma"), f.alerts.stream().map(Alert::name).sorted().toList());
      assertTrue(f.alerts.get(0).value() > 3.5);
    }

    @Test
    void aRuleThatDoesNotParseIsNotStored() {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> monitoring.addAlertRule("fraud", AlertRule.of("bad", "latency_p99 > 200 ms ms")));
      assertTrue(e.getMessage().contains("column"), e.getMessage());
      assertTrue(monitoring.alertRules("fraud").isEmpty());
      monitoring.addAlertRule("fraud", AlertRule.of("good", "latency_p99 > 200ms"));
      assertEquals(List.of("good"), monitoring.alertRules("fraud").stream().map(AlertRule::name).toList());
      assertTrue(monitoring.removeAlertRule("fraud", "good"));
      assertTrue(monitoring.alertRules("fraud").isEmpty());
    }

    @Test
    void rulesSurviveARestartOfTheEngine() {
      monitoring.addAlertRule("fraud", AlertRule.of("errors", "error_rate >= 0.5"));
      f.engine.close();
      f.engine = new MonitoringEngine(f.environment());
      monitoring = f.monitoring();
      recorder = monitoring.recorder("fraud", "7");
      window(60, 1);
      assertEquals(1, f.alerts.size());
      assertTrue(f.alerts.get(0).raisedAt().isAfter(Instant.EPOCH));
    }
  }
}
