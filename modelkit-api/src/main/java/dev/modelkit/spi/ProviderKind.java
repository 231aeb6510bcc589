package dev.modelkit.spi;

/**
 * The kinds of provider ModelKit discovers, with the property that overrides the default and the
 * artifact a user adds to get one.
 */
public enum ProviderKind {
  /** Trains and imports models. */
  TRAINING_ENGINE("TrainingEngine", TrainingEngineProvider.class, "modelkit.training.engine",
      "dev.modelkit:modelkit-training-djl"),
  /** Stores, indexes and searches knowledge bases. */
  KNOWLEDGE_STORE("KnowledgeStore", KnowledgeStoreProvider.class, "modelkit.knowledge.store",
      "dev.modelkit:modelkit-kb-lucene"),
  /** Assigns, records and analyses A/B experiments. */
  EXPERIMENT_ENGINE("ExperimentEngine", ExperimentEngineProvider.class, "modelkit.experiment.engine",
      "dev.modelkit:modelkit-experiments"),
  /** Serves model versions and rolls them out. */
  DEPLOYMENT_TARGET("DeploymentTarget", DeploymentTargetProvider.class, "modelkit.deployment.target",
      "dev.modelkit:modelkit-deploy"),
  /** Persists jobs, versions, experiments, deployments and the audit trail. */
  METADATA_STORE("MetadataStore", MetadataStoreProvider.class, "modelkit.metadata.store",
      "dev.modelkit:modelkit-core"),
  /** Persists model artifacts, checkpoints and datasets. */
  ARTIFACT_STORE("ArtifactStore", ArtifactStoreProvider.class, "modelkit.artifact.store",
      "dev.modelkit:modelkit-core"),
  /** Delivers alerts and notifications. */
  ALERT_SINK("AlertSink", AlertSinkProvider.class, "modelkit.alert.sink", "dev.modelkit:modelkit-core");

  private final String displayName;
  private final Class<? extends ModelKitProvider> type;
  private final String property;
  private final String artifact;

  ProviderKind(String displayName, Class<? extends ModelKitProvider> type, String property, String artifact) {
    this.displayName = displayName;
    this.type = type;
    this.property = property;
    this.artifact = artifact;
  }

  /** @return the name used in messages, for example {@code TrainingEngine} */
  public String displayName() {
    return displayName;
  }

  /** @return the provider interface loaded with {@link java.util.ServiceLoader} */
  public Class<? extends ModelKitProvider> type() {
    return type;
  }

  /**
   * @return the system property that names the provider to use; the environment variable is the
   *     same in upper case with dots as underscores ({@code MODELKIT_TRAINING_ENGINE})
   */
  public String property() {
    return property;
  }

  /** @return the environment variable equivalent of {@link #property()} */
  public String environmentVariable() {
    return property.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }

  /** @return the Maven coordinates of the artifact that provides the default implementation */
  public String artifact() {
    return artifact;
  }
}
