package dev.modelkit.pipeline;

import dev.modelkit.config.Checks;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One stage of a pipeline (the seed's {@code PipelineStage}).
 *
 * @param name a name unique within the pipeline; the type's wire name when null
 * @param type what the stage does
 * @param configuration what the stage needs; nothing when null
 * @param retries how many times a failed attempt is retried (0 to 10); a failing gate is not retried
 * @param timeout how long one attempt may take; 24 hours when null
 * @param gates checked, in order, after the stage succeeded
 */
public record PipelineStage(String name, StageType type, StageConfiguration configuration, int retries,
    Duration timeout, List<QualityGate> gates) {

  /**
   * Validates and applies the defaults.
   *
   * @throws dev.modelkit.ConfigurationException naming every invalid field
   */
  public PipelineStage {
    Checks c = new Checks("PipelineStage");
    c.required("type", type);
    c.between("retries", retries, 0, 10);
    c.check(timeout == null || (!timeout.isNegative() && !timeout.isZero()), "timeout", timeout, "be positive");
    configuration = configuration == null ? StageConfiguration.none() : configuration;
    if (type == StageType.MODEL_TESTING) {
      c.check(configuration.evaluation() != null, "configuration.evaluation", null,
          "be present for a model_testing stage (the evaluation suite to run)");
    }
    if (type == StageType.MODEL_DEPLOYMENT) {
      c.check(configuration.deploymentTarget() != null, "configuration.deploymentTarget", null,
          "be present for a model_deployment stage (where to deploy)");
    }
    gates = gates == null ? List.of() : List.copyOf(gates);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < gates.size(); i++) {
      QualityGate g = gates.get(i);
      c.check(g != null, "gates[" + i + "]", null, "not be null");
      if (g != null) {
        c.check(names.add(g.name()), "gates[" + i + "].name", g.name(), "be unique within the stage");
      }
    }
    c.throwIfAny();
    name = name == null || name.isBlank() ? type.wireName() : name;
    timeout = timeout == null ? Duration.ofHours(24) : timeout;
  }

  /**
   * @param type the stage type
   * @param gates its gates
   * @return a stage with no configuration, no retries and the default timeout
   */
  public static PipelineStage of(StageType type, QualityGate... gates) {
    return new PipelineStage(null, type, null, 0, null, List.of(gates));
  }
}
