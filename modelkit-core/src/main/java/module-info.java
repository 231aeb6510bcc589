/**
 * ModelKit's default runtime: {@link dev.modelkit.core.ModelKit}, the provider registry, job
 * orchestration and the resource scheduler, monitoring, pipelines with quality gates, privacy (PII
 * detection, anonymisation, encryption at rest), governance (authorisation, model registry,
 * audit verification), JSON configuration and the embedded stores.
 *
 * <p>Backends (training, knowledge, experiments, deployment, other stores and alert sinks) are
 * found with {@link java.util.ServiceLoader}: on the module path through the {@code uses} clauses
 * below, on the class path through {@code META-INF/services}. The module's own providers are
 * declared both ways.
 */
module dev.modelkit.core {
  requires transitive dev.modelkit.api;
  requires org.slf4j;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires java.sql;
  requires java.management;
  // the process CPU load in monitoring comes from com.sun.management
  requires jdk.management;
  requires org.xerial.sqlitejdbc;
  // the webhook alert sink and pipeline webhook notifications
  requires java.net.http;
  // the optional Micrometer binder; present only when the host adds micrometer-core
  requires static micrometer.core;
  // special functions and distributions for drift statistics; an automatic module named after its jar
  requires hipparchus.core;

  exports dev.modelkit.core;
  exports dev.modelkit.core.config;
  exports dev.modelkit.core.evaluation;
  exports dev.modelkit.core.governance;
  exports dev.modelkit.core.jobs;
  exports dev.modelkit.core.monitoring;
  exports dev.modelkit.core.monitoring.micrometer;
  exports dev.modelkit.core.pipeline;
  exports dev.modelkit.core.privacy;
  exports dev.modelkit.core.store;

  uses dev.modelkit.spi.TrainingEngineProvider;
  uses dev.modelkit.spi.KnowledgeStoreProvider;
  uses dev.modelkit.spi.ExperimentEngineProvider;
  uses dev.modelkit.spi.DeploymentTargetProvider;
  uses dev.modelkit.spi.MetadataStoreProvider;
  uses dev.modelkit.spi.ArtifactStoreProvider;
  uses dev.modelkit.spi.AlertSinkProvider;
  uses dev.modelkit.spi.NotificationChannelProvider;
  uses dev.modelkit.spi.PiiDetector;

  provides dev.modelkit.spi.MetadataStoreProvider with dev.modelkit.core.store.SqliteMetadataStoreProvider;
  provides dev.modelkit.spi.ArtifactStoreProvider with dev.modelkit.core.store.FileArtifactStoreProvider;
  provides dev.modelkit.spi.AlertSinkProvider with dev.modelkit.core.internal.LoggingAlertSinkProvider,
      dev.modelkit.core.monitoring.WebhookAlertSinkProvider;
}
