package dev.modelkit.deployment;

import dev.modelkit.ConfigurationException;
import dev.modelkit.Experiments;
import dev.modelkit.config.Violation;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.deployment.internal.ExperimentSplit;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.ExperimentStatus;
import dev.modelkit.experiment.MetricDirection;
import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.MetricType;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiment.VariantStatus;
import dev.modelkit.spi.ServiceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment side of an {@code ab_test} rollout: checks a configured experiment against the
 * deployment, or creates one whose variants are the live version (control) and the new version
 * (treatment), and builds the split that routes each unit by the experiment's assignment.
 */
final class AbTests {
  /** Variant id of the live version in an experiment the deployment creates. */
  static final String CONTROL = "control";
  /** Variant id of the new version in an experiment the deployment creates. */
  static final String TREATMENT = "treatment";

  private AbTests() {}

  /**
   * The experiment of an A/B rollout and which of its variants serve which version.
   *
   * @param experiment the experiment, running
   * @param controlVariant the variant serving the live version
   * @param treatmentVariant the variant serving the new version
   */
  record Plan(ABTestExperiment experiment, String controlVariant, String treatmentVariant) {
    /** @return planned traffic share per version, live first */
    Map<String, Double> traffic() {
      Map<String, Double> t = new LinkedHashMap<>();
      for (ModelVariant v : experiment.variants()) {
        t.merge(v.version(), v.allocation(), Double::sum);
      }
      return t;
    }
  }

  /**
   * Checks that a configured experiment can drive this rollout, before anything is loaded.
   *
   * @throws ConfigurationException naming every mismatch
   * @throws dev.modelkit.NotFoundException if the experiment does not exist in the organisation
   */
  static ABTestExperiment checkConfigured(Experiments experiments, String experimentId, String modelId, String live,
      String version) {
    ABTestExperiment e = experiments.get(experimentId);
    List<Violation> problems = new ArrayList<>();
    if (e.status() != ExperimentStatus.DRAFT && e.status() != ExperimentStatus.RUNNING) {
      problems.add(new Violation("experimentId", experimentId, "name a draft or running experiment; it is "
          + e.status().wireName()));
    }
    if (e.variants().size() != 2) {
      problems.add(new Violation("experimentId", experimentId, "name an experiment with exactly two variants (the live "
          + "version " + live + " as control and version " + version + "); it has " + e.variants().size()));
    } else {
      ModelVariant control = e.controlVariant();
      ModelVariant other = e.variants().get(0) == control ? e.variants().get(1) : e.variants().get(0);
      if (!control.modelId().equals(modelId) || !control.version().equals(live)) {
        problems.add(new Violation("experimentId", experimentId, "have the live version as its control: control variant '"
            + control.id() + "' serves " + control.modelId() + " " + control.version() + ", the live version is "
            + modelId + " " + live));
      }
      if (!other.modelId().equals(modelId) || !other.version().equals(version)) {
        problems.add(new Violation("experimentId", experimentId, "have the deployed version as its treatment: variant '"
            + other.id() + "' serves " + other.modelId() + " " + other.version() + ", the deployment is " + modelId
            + " " + version));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("RolloutStrategy", problems);
    }
    return e;
  }

  /**
   * Creates (when none is configured) and starts the experiment.
   *
   * @param configured the checked configured experiment, or null to create one
   * @return the running experiment and its variants
   */
  static Plan start(Experiments experiments, ABTestExperiment configured, String modelId, String live, String version,
      RolloutStrategy strategy, String deploymentId) {
    ABTestExperiment e = configured;
    if (e == null) {
      double share = strategy.percentage() == null ? 50 : strategy.percentage();
      e = experiments.create("deployment " + deploymentId + ": " + modelId + " " + version + " against " + live,
          "Version " + version + " of " + modelId + " fails no more often and answers no slower than the live version "
              + live + ".",
          List.of(new ModelVariant(CONTROL, "live " + live, modelId, live, Map.of(), 100 - share, VariantStatus.ACTIVE, true),
              new ModelVariant(TREATMENT, "new " + version, modelId, version, Map.of(), share, VariantStatus.ACTIVE, false)),
          List.of(new SuccessMetric(ExperimentSplit.ERROR_METRIC, MetricType.OPERATIONAL, 0.0, MetricDirection.DECREASE,
                  Significance.PRIMARY, MetricKind.BINARY, null),
              new SuccessMetric(ExperimentSplit.LATENCY_METRIC, MetricType.OPERATIONAL, null, MetricDirection.DECREASE,
                  Significance.GUARDRAIL, MetricKind.CONTINUOUS, null)));
    }
    if (e.status() == ExperimentStatus.DRAFT) {
      e = experiments.start(e.id());
    }
    return plan(e);
  }

  /**
   * @param e a two-variant experiment of the rollout
   * @return which variant is which
   */
  static Plan plan(ABTestExperiment e) {
    ModelVariant control = e.controlVariant();
    String treatment = e.variants().stream().filter(v -> !v.id().equals(control.id()))
        .findFirst().orElseThrow().id();
    return new Plan(e, control.id(), treatment);
  }

  /**
   * @param plan the running experiment
   * @param versionsInSplitOrder the route's versions, in split order
   * @return the split routing each unit by the experiment
   */
  static ExperimentSplit split(Experiments experiments, Plan plan, List<String> versionsInSplitOrder) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (ModelVariant v : plan.experiment().variants()) {
      index.put(v.id(), versionsInSplitOrder.indexOf(v.version()));
    }
    boolean errors = has(plan.experiment(), ExperimentSplit.ERROR_METRIC, MetricKind.BINARY);
    boolean latency = has(plan.experiment(), ExperimentSplit.LATENCY_METRIC, MetricKind.CONTINUOUS);
    return new ExperimentSplit(plan.experiment().id(), experiments.router(), index, index.get(plan.controlVariant()),
        errors, latency);
  }

  private static boolean has(ABTestExperiment e, String metric, MetricKind kind) {
    return e.successMetrics().stream().anyMatch(m -> m.name().equals(metric) && m.metricKind() == kind);
  }
}
