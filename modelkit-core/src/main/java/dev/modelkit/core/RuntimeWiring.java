package dev.modelkit.core;

import dev.modelkit.Monitoring;
import dev.modelkit.ResourceManager;
import dev.modelkit.TrainingJobs;
import dev.modelkit.core.internal.Closer;
import dev.modelkit.core.jobs.JobEnvironment;
import dev.modelkit.core.jobs.JobManager;
import dev.modelkit.core.jobs.Prices;
import dev.modelkit.core.jobs.ResourcePool;
import dev.modelkit.core.monitoring.MonitoringEngine;
import dev.modelkit.core.monitoring.MonitoringEnvironment;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Starts job orchestration (recovering work a previous process left) and monitoring on the opened
 * stores, registers both for closing, and exposes them as per-caller view factories.
 *
 * @param jobs training jobs of a caller
 * @param resources the resource manager of a caller
 * @param monitoring monitoring of a caller
 * @param approvalRequired whether a model version's training job asked for approval
 *     ({@code deploymentConfig.approvalRequired}); consulted only for versions naming no roles
 */
record RuntimeWiring(
    Function<ServiceContext, TrainingJobs> jobs, Function<ServiceContext, ResourceManager> resources,
    Function<ServiceContext, Monitoring> monitoring, Predicate<ModelVersion> approvalRequired) {

  /** The metadata kind job orchestration stores training jobs under. */
  static final String JOB_KIND = "job";

  /** What the builder opened and configured. */
  record Parts(
      MetadataStore metadata, ArtifactStore artifacts, JsonCodec json, Clock clock, Supplier<TrainingEngine> engine,
      ResourcePool pool, Prices prices, Path home, Path dataRoot, Consumer<Alert> alerts, int workers,
      Function<String, ArtifactStore> encryptedArtifacts) {}

  static RuntimeWiring start(Parts p, Closer closer) {
    JobManager jobManager = closer.add(new JobManager(new JobEnvironment(p.metadata(), p.artifacts(), p.json(),
        p.clock(), p.engine(), p.pool(), p.prices(), p.home(), p.dataRoot(), p.alerts(), p.workers(),
        p.encryptedArtifacts())));
    jobManager.recover();
    MonitoringEngine monitoringEngine = closer.add(new MonitoringEngine(new MonitoringEnvironment(p.metadata(),
        p.json(), p.clock(), p.home(), p.alerts())));
    return new RuntimeWiring(jobManager::jobs, jobManager::resources, monitoringEngine::monitoring,
        v -> approvalRequiredByJob(p.metadata(), p.json(), v));
  }

  private static boolean approvalRequiredByJob(MetadataStore metadata, JsonCodec json, ModelVersion v) {
    if (v.lineage() == null || v.lineage().jobId() == null) {
      return false;
    }
    return metadata.get(JOB_KIND, v.organizationId(), v.lineage().jobId())
        .map(r -> json.fromJson(r.json(), TrainingJob.class))
        .map(job -> job.configuration().deploymentConfig().approvalRequired())
        .orElse(false);
  }
}
