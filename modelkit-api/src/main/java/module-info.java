/**
 * ModelKit's public API: the {@link dev.modelkit.CustomModelTrainingService} interface, the
 * domain types mirroring the seed, the exception tree and the service provider interfaces.
 */
module dev.modelkit.api {
  exports dev.modelkit;
  exports dev.modelkit.config;
  exports dev.modelkit.security;
  exports dev.modelkit.training;
  exports dev.modelkit.resources;
  exports dev.modelkit.knowledge;
  exports dev.modelkit.monitoring;
  exports dev.modelkit.experiment;
  exports dev.modelkit.deploy;
  exports dev.modelkit.governance;
  exports dev.modelkit.evaluation;
  exports dev.modelkit.pipeline;
  exports dev.modelkit.privacy;
  exports dev.modelkit.spi;

  uses dev.modelkit.spi.TrainingEngineProvider;
  uses dev.modelkit.spi.KnowledgeStoreProvider;
  uses dev.modelkit.spi.ExperimentEngineProvider;
  uses dev.modelkit.spi.DeploymentTargetProvider;
  uses dev.modelkit.spi.MetadataStoreProvider;
  uses dev.modelkit.spi.ArtifactStoreProvider;
  uses dev.modelkit.spi.AlertSinkProvider;
  uses dev.modelkit.spi.EmbedderProvider;
  uses dev.modelkit.spi.DocumentParser;
  uses dev.modelkit.spi.PiiDetector;
  uses dev.modelkit.spi.NotificationChannelProvider;
}
