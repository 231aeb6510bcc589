package dev.modelkit.experiments;

import static dev.modelkit.experiments.Fixtures.metric;
import static dev.modelkit.experiments.Fixtures.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.experiment.ExperimentDefinition;
import dev.modelkit.experiment.MetricDirection;
import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.RampStep;
import dev.modelkit.experiment.SampleSizeQuery;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiment.TrafficAllocation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad definitions are refused with every problem named: field, value and fix. */
class DefinitionValidationTest {
  private static final List<SuccessMetric> METRICS =
      List.of(metric("conversion", MetricKind.BINARY, Significance.PRIMARY, MetricDirection.INCREASE, null));

  @Test
  void allocationsMustSumTo100() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> ExperimentDefinition.of("t", "h",
        List.of(variant("control", 40, true), variant("b", 50, false)), METRICS));
    assertEquals("Invalid ABTestExperiment (1 problem):\n  - variants[*].allocation was '40 + 50 = 90' but it must sum"
        + " to 100; change the percentages so that they add up to 100", e.getMessage());
  }

  @Test
  void duplicateIdsNoControlAndNoPrimaryAreAllReportedAtOnce() {
    List<ModelVariant> variants = List.of(variant("a", 50, false), variant("a", 50, false));
    List<SuccessMetric> metrics = List.of(
        metric("m", MetricKind.BINARY, Significance.SECONDARY, MetricDirection.INCREASE, null),
        metric("m", MetricKind.CONTINUOUS, Significance.GUARDRAIL, MetricDirection.DECREASE, null));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ExperimentDefinition.of("t", "h", variants, metrics));
    String m = e.getMessage();
    assertTrue(m.contains("variants[1].id was 'a' but it must be unique, but variants[0] already uses it"), m);
    assertTrue(m.contains("variants[*].control was '[a, a]' but it must contain exactly one control: set control=true"
        + " on one variant, or name it 'control' or 'baseline'"), m);
    assertTrue(m.contains("successMetrics[1].name was 'm' but it must be unique"), m);
    assertTrue(m.contains("successMetrics[*].significance was 'no primary metric' but it must mark at least one metric"
        + " as primary"), m);
    assertEquals(4, e.violations().size());
  }

  @Test
  void twoFlaggedControlsAndASingleVariantAreRefused() {
    ConfigurationException two = assertThrows(ConfigurationException.class, () -> ExperimentDefinition.of("t", "h",
        List.of(variant("a", 50, true), variant("b", 50, true)), METRICS));
    assertTrue(two.getMessage().contains("flag exactly one variant as the control"), two.getMessage());
    ConfigurationException one = assertThrows(ConfigurationException.class, () -> ExperimentDefinition.of("t", "h",
        List.of(variant("control", 100, true)), METRICS));
    assertTrue(one.getMessage().contains("list between 2 and 50 variants"), one.getMessage());
  }

  @Test
  void rampsMayNotShrinkAndMustStartAtTheStart() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> TrafficAllocation.ramp(
        new RampStep(Duration.ofHours(1), 50), new RampStep(Duration.ofHours(2), 10)));
    assertTrue(e.getMessage().contains("rampUp[0].afterStart was 'PT1H' but it must be PT0S"), e.getMessage());
    assertTrue(e.getMessage().contains("rampUp[1].exposurePercent was '10' but it must be at least"
        + " rampUp[0].exposurePercent (50): a ramp may not take units out of the experiment"), e.getMessage());
    assertThrows(ConfigurationException.class, () -> new TrafficAllocation(null, 100, null, null));
  }

  @Test
  void sampleSizeQueriesAreChecked() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new SampleSizeQuery(MetricKind.BINARY, 1.2, null, 0, 0.05, 1.0));
    assertTrue(e.getMessage().contains("baseline was '1.2'"), e.getMessage());
    assertTrue(e.getMessage().contains("minimumDetectableEffect was '0'"), e.getMessage());
    assertTrue(e.getMessage().contains("power was '1'"), e.getMessage());
  }
}
