package dev.modelkit.core.jobs;

import dev.modelkit.ProviderNotFoundException;
import dev.modelkit.TrainingJobs;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.resources.Priority;
import dev.modelkit.resources.ResourceRequirements;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingHyperparameters;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Stores, clock, engine slot and alert inbox shared by a test's job managers, so that a test can
 * "restart" by closing one manager and opening another over the same stores.
 */
final class JobFixture implements AutoCloseable {
  static final long GIB = 1L << 30;

  final TestClock clock = new TestClock(Instant.parse("2025-03-01T09:00:00Z"));
  final MetadataStore metadata;
  final ArtifactStore artifacts;
  final JsonCodec json;
  final AtomicReference<TrainingEngine> engine = new AtomicReference<>();
  final List<Alert> alerts = new CopyOnWriteArrayList<>();
  final Path home;
  private JobManager manager;

  /** @return a fixture on in-memory stores and a plain Jackson codec */
  static JobFixture inMemory(Path home) {
    return new JobFixture(home, MemoryMetadataStore::new, new MemoryArtifactStore(), new JacksonTestCodec());
  }

  /** @return a fixture on the embedded SQLite metadata store, the file artifact store and ConfigCodec */
  static JobFixture embedded(Path home) {
    return new JobFixture(home, clock -> SqliteMetadataStore.open(home, clock), FileArtifactStore.open(home),
        new ConfigCodec());
  }

  /**
   * @param metadata makes the metadata store from the fixture's clock
   */
  JobFixture(Path home, Function<TestClock, MetadataStore> metadata, ArtifactStore artifacts, JsonCodec json) {
    this.home = home;
    this.metadata = metadata.apply(clock);
    this.artifacts = artifacts;
    this.json = json;
  }

  JobManager open(ResourcePool pool, Prices prices, int workers) {
    if (manager != null) {
      manager.close();
    }
    manager = new JobManager(new JobEnvironment(metadata, artifacts, json, clock, this::requireEngine, pool, prices,
        home, home.resolve("data"), alerts::add, workers));
    manager.recover();
    return manager;
  }

  JobManager open() {
    return open(new ResourcePool(4, 16 * GIB, 0), new Prices("EUR", 0.10, 0.01, 2.0), 4);
  }

  JobManager manager() {
    return manager;
  }

  private TrainingEngine requireEngine() {
    TrainingEngine e = engine.get();
    if (e == null) {
      throw new ProviderNotFoundException("No TrainingEngine is available. Available: []. "
          + "Add dev.modelkit:modelkit-training-djl to the classpath.");
    }
    return e;
  }

  StandaloneContext ctx(String user, String org, String... roles) {
    return StandaloneContext.builder(Principal.of(user, org, roles)).metadata(metadata).artifacts(artifacts).json(json)
        .clock(clock).build();
  }

  TrainingJobs jobs(StandaloneContext ctx) {
    return manager.jobs(ctx);
  }

  static TrainingConfiguration config(String org, String modelName, ResourceRequirements resources) {
    return config(org, modelName, resources, List.of());
  }

  static TrainingConfiguration config(String org, String modelName, ResourceRequirements resources,
      List<String> dataPermissions) {
    DataSchema schema = new DataSchema(List.of("duration", "amount"), List.of("class"), null);
    DataSource train = new DataSource("train", DataFormat.ARFF, "credit/german_credit.arff", schema, null,
        dataPermissions, null);
    return TrainingConfiguration.builder().organizationId(org).modelName(modelName)
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "risk_management", null, null, null))
        .datasetConfig(new DatasetConfiguration(List.of(train), null, null, null, null))
        .hyperparameters(TrainingHyperparameters.builder().epochs(3).seed(7L).build())
        .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0.2, 1, null, null, null, null, null))
        .resources(resources)
        .build();
  }

  static TrainingConfiguration config(String org, String modelName) {
    return config(org, modelName, ResourceRequirements.of("1", "1Gi", Priority.MEDIUM));
  }

  /** @return the audit records about one object, oldest first */
  List<AuditDraft> audit(String org, String kind, String id) {
    return metadata.queryAudit(AuditQuery.all(org).forEntity(kind, id)).stream().map(AuditRecord::draft).toList();
  }

  /** @return the actions of the audit records about one job, oldest first */
  List<String> jobActions(String org, String jobId) {
    return audit(org, JobRecords.KIND, jobId).stream().map(AuditDraft::action).toList();
  }

  @Override
  public void close() {
    if (manager != null) {
      manager.close();
    }
    metadata.close();
    artifacts.close();
  }
}
