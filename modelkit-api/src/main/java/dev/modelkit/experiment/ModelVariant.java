package dev.modelkit.experiment;

import dev.modelkit.config.Checks;
import java.util.Map;

/**
 * One arm of an A/B experiment.
 *
 * <p>Exactly one variant of an experiment is its control, the arm every other one is compared
 * with and the one all traffic returns to on rollback: the variant with {@code control} true or,
 * when none is flagged, the one whose id is {@code control} or {@code baseline} (so that the
 * seed's example, which names its control {@code baseline}, works unchanged).
 *
 * @param id unique within the experiment
 * @param name display name
 * @param modelId the model served
 * @param version the model version served
 * @param configuration free-form serving settings, for example {@code temperature}
 * @param allocation traffic percentage, 0 to 100; allocations of an experiment sum to 100
 * @param status active, paused or stopped; a paused or stopped variant keeps its buckets but its
 *     units are served the control and are not counted
 * @param control whether this is the experiment's control; null (the seed's shape) means not
 *     flagged, see {@link #isControl()}
 */
public record ModelVariant(
    String id, String name, String modelId, String version, Map<String, Object> configuration,
    double allocation, VariantStatus status, Boolean control) {

  /**
   * Validates.
   *
   * @throws dev.modelkit.ConfigurationException naming every missing or out-of-range field
   */
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

  /**
   * The seed's shape, without the control flag: the control is then found by its id.
   *
   * @param id unique within the experiment
   * @param name display name
   * @param modelId the model served
   * @param version the model version served
   * @param configuration free-form serving settings
   * @param allocation traffic percentage
   * @param status active, paused or stopped
   */
  public ModelVariant(String id, String name, String modelId, String version, Map<String, Object> configuration,
      double allocation, VariantStatus status) {
    this(id, name, modelId, version, configuration, allocation, status, null);
  }

  /**
   * @param newAllocation the new traffic percentage
   * @return this variant with another allocation
   */
  public ModelVariant withAllocation(double newAllocation) {
    return new ModelVariant(id, name, modelId, version, configuration, newAllocation, status, control);
  }

  /** @return whether this variant is flagged as the control ({@code control} is true) */
  public boolean isControl() {
    return Boolean.TRUE.equals(control);
  }

  /** @return whether this variant receives traffic */
  public boolean active() {
    return status == VariantStatus.ACTIVE;
  }
}
