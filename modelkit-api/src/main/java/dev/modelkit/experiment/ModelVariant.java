package dev.modelkit.experiment;

import dev.modelkit.config.Checks;
import java.util.Map;

/**
 * One arm of an A/B experiment.
 *
 * @param id unique within the experiment
 * @param name display name
 * @param modelId the model served
 * @param version the model version served
 * @param configuration free-form serving settings, for example {@code temperature}
 * @param allocation traffic percentage, 0 to 100; allocations of an experiment sum to 100
 * @param status active, paused or stopped
 */
public record ModelVariant(
    String id, String name, String modelId, String version, Map<String, Object> configuration,
    double allocation, VariantStatus status) {

  /** Validates. */
  public ModelVariant {
    Checks c = new Checks("ModelVariant");
    c.notBlank("id", id);
    c.notBlank("modelId", modelId);
    c.notBlank("version", version);
    c.between("allocation", allocation, 0, 100);
    c.throwIfAny();
    name = name == null ? id : name;
    configuration = configuration == null ? Map.of() : Map.copyOf(configuration);
    status = status == null ? VariantStatus.ACTIVE : status;
  }
}
