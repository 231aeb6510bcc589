package dev.modelkit.experiments;

import dev.modelkit.experiment.ExperimentConfiguration;
import dev.modelkit.experiment.ExperimentDefinition;
import dev.modelkit.experiment.MetricDirection;
import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.MetricType;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiment.TrafficAllocation;
import dev.modelkit.experiment.VariantStatus;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.util.List;
import java.util.Map;

/** Principals, variants and metrics the experiment tests share. */
final class Fixtures {
  static final Principal ALICE = Principal.of("alice", "acme-bank", Roles.DATA_SCIENTIST);
  static final Principal BOB = Principal.of("bob", "acme-bank", Roles.BUSINESS_USER);
  static final Principal CARL = Principal.of("carl", "acme-bank", Roles.ML_ENGINEER);
  static final Principal EVE = Principal.of("eve", "other-bank", Roles.DATA_SCIENTIST);

  private Fixtures() {}

  /** The seed's "A/B Testing Setup" variants: the control is found by its id, 'baseline'. */
  static List<ModelVariant> seedVariants() {
    return List.of(
        new ModelVariant("baseline", "Current Model", "risk_model_v1", "1.0.0", Map.of("temperature", 0.7), 50,
            VariantStatus.ACTIVE),
        new ModelVariant("challenger", "Enhanced Model", "risk_model_v2", "2.0.0", Map.of("temperature", 0.5), 50,
            VariantStatus.ACTIVE));
  }

  /** The seed's success metrics: accuracy (primary) and satisfaction (secondary). */
  static List<SuccessMetric> seedMetrics() {
    return List.of(
        new SuccessMetric("Risk Classification Accuracy", MetricType.QUALITY, 0.90, MetricDirection.INCREASE,
            Significance.PRIMARY),
        new SuccessMetric("User Satisfaction", MetricType.ENGAGEMENT, 4.5, MetricDirection.INCREASE,
            Significance.SECONDARY));
  }

  static ModelVariant variant(String id, double allocation, boolean control) {
    return new ModelVariant(id, id, "model-" + id, "1.0.0", Map.of(), allocation, VariantStatus.ACTIVE, control);
  }

  static SuccessMetric metric(String name, MetricKind kind, Significance significance, MetricDirection direction,
      Double mde) {
    return new SuccessMetric(name, MetricType.BUSINESS, null, direction, significance, kind, mde);
  }

  /** A 50/50 conversion test with a continuous guardrail, no early-stopping guards. */
  static ExperimentDefinition conversionTest(double mde) {
    return new ExperimentDefinition("Credit decision model v2", "v2 raises approval conversion",
        List.of(variant("control", 50, true), variant("treatment", 50, false)), TrafficAllocation.fixedSplit(),
        List.of(metric("conversion", MetricKind.BINARY, Significance.PRIMARY, MetricDirection.INCREASE, mde),
            metric("latency_ms", MetricKind.CONTINUOUS, Significance.GUARDRAIL, MetricDirection.DECREASE, null)),
        ExperimentConfiguration.defaults().withGuards(100, java.time.Duration.ZERO));
  }
}
