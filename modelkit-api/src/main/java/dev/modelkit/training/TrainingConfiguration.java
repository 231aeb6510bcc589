package dev.modelkit.training;

import dev.modelkit.config.Checks;
import dev.modelkit.resources.ResourceRequirements;

/**
 * Everything a training job needs, as in the seed's {@code TrainingConfiguration}, plus the
 * optional advanced features and resource needs. Read it from JSON with the core module's {@code
 * ConfigCodec}, or build it with {@link #builder()}.
 *
 * @param organizationId the owning organisation; must be the caller's
 * @param modelName human-readable model name; the model id is derived from it
 * @param baseModel where training starts; see {@link BaseModels}
 * @param trainingObjective what to train for
 * @param datasetConfig the data
 * @param hyperparameters the training knobs
 * @param validationConfig how to validate
 * @param deploymentConfig what happens after training; defaults when absent
 * @param advancedConfig advanced features; defaults when absent
 * @param resources what the job needs from the pool; one core and 1 GiB when absent
 */
public record TrainingConfiguration(
    String organizationId, String modelName, String baseModel, TrainingObjective trainingObjective,
    DatasetConfiguration datasetConfig, TrainingHyperparameters hyperparameters,
    ValidationConfiguration validationConfig, DeploymentConfiguration deploymentConfig,
    AdvancedTrainingConfig advancedConfig, ResourceRequirements resources) {

  /** Validates required parts and applies defaults. */
  public TrainingConfiguration {
    Checks c = new Checks("TrainingConfiguration");
    c.notBlank("organizationId", organizationId);
    c.notBlank("modelName", modelName);
    if (baseModel == null) {
      c.required("baseModel", null);
    } else {
      c.check(BaseModels.isKnown(baseModel), "baseModel", baseModel, BaseModels.EXPECTED);
    }
    c.required("trainingObjective", trainingObjective);
    c.required("datasetConfig", datasetConfig);
    c.required("hyperparameters", hyperparameters);
    c.required("validationConfig", validationConfig);
    c.throwIfAny();
    deploymentConfig = deploymentConfig == null ? DeploymentConfiguration.defaults() : deploymentConfig;
    advancedConfig = advancedConfig == null ? AdvancedTrainingConfig.defaults() : advancedConfig;
    resources = resources == null ? ResourceRequirements.defaults() : resources;
  }

  /** @return an empty builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this configuration's values */
  public Builder toBuilder() {
    return new Builder().organizationId(organizationId).modelName(modelName).baseModel(baseModel)
        .trainingObjective(trainingObjective).datasetConfig(datasetConfig).hyperparameters(hyperparameters)
        .validationConfig(validationConfig).deploymentConfig(deploymentConfig).advancedConfig(advancedConfig)
        .resources(resources);
  }

  /** Builds a {@link TrainingConfiguration}; all rules are checked in {@link #build()}. */
  public static final class Builder {
    private String organizationId;
    private String modelName;
    private String baseModel = BaseModels.CUSTOM;
    private TrainingObjective trainingObjective;
    private DatasetConfiguration datasetConfig;
    private TrainingHyperparameters hyperparameters;
    private ValidationConfiguration validationConfig;
    private DeploymentConfiguration deploymentConfig;
    private AdvancedTrainingConfig advancedConfig;
    private ResourceRequirements resources;

    private Builder() {}

    /** @param v organisation id @return this */
    public Builder organizationId(String v) { organizationId = v; return this; }
    /** @param v model name @return this */
    public Builder modelName(String v) { modelName = v; return this; }
    /** @param v base model @return this */
    public Builder baseModel(String v) { baseModel = v; return this; }
    /** @param v objective @return this */
    public Builder trainingObjective(TrainingObjective v) { trainingObjective = v; return this; }
    /** @param v data @return this */
    public Builder datasetConfig(DatasetConfiguration v) { datasetConfig = v; return this; }
    /** @param v hyperparameters @return this */
    public Builder hyperparameters(TrainingHyperparameters v) { hyperparameters = v; return this; }
    /** @param v validation @return this */
    public Builder validationConfig(ValidationConfiguration v) { validationConfig = v; return this; }
    /** @param v deployment settings @return this */
    public Builder deploymentConfig(DeploymentConfiguration v) { deploymentConfig = v; return this; }
    /** @param v advanced features @return this */
    public Builder advancedConfig(AdvancedTrainingConfig v) { advancedConfig = v; return this; }
    /** @param v resource needs @return this */
    public Builder resources(ResourceRequirements v) { resources = v; return this; }

    /** @return the validated configuration */
    public TrainingConfiguration build() {
      return new TrainingConfiguration(organizationId, modelName, baseModel, trainingObjective, datasetConfig,
          hyperparameters, validationConfig, deploymentConfig, advancedConfig, resources);
    }
  }
}
