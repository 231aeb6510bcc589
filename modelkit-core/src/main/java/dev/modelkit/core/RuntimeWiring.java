package dev.modelkit.core;

import dev.modelkit.ModelKitException;
import dev.modelkit.Monitoring;
import dev.modelkit.ResourceManager;
import dev.modelkit.TrainingJobs;
import dev.modelkit.core.internal.Closer;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import dev.modelkit.spi.TrainingEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Starts job orchestration and monitoring on the opened stores and exposes them as per-caller
 * view factories.
 *
 * @param jobs training jobs of a caller
 * @param resources the resource manager of a caller
 * @param monitoring monitoring of a caller
 * @param approvalRequired whether a model version's training configuration asked for approval
 */
record RuntimeWiring(
    Function<ServiceContext, TrainingJobs> jobs, Function<ServiceContext, ResourceManager> resources,
    Function<ServiceContext, Monitoring> monitoring, Predicate<ModelVersion> approvalRequired) {

  /** What the builder opened and configured. */
  record Parts(
      MetadataStore metadata, ArtifactStore artifacts, JsonCodec json, Clock clock, Supplier<TrainingEngine> engine,
      double poolCpu, long poolMemoryBytes, double poolGpu, String currency, double perCpuHour, double perGiBHour,
      double perGpuHour, Path home, Path dataRoot, Consumer<Alert> alerts, int workers) {}

  static RuntimeWiring start(Parts p, Closer closer) {
    Function<ServiceContext, TrainingJobs> jobs = c -> {
      throw new ModelKitException("job orchestration is not wired into this build yet");
    };
    Function<ServiceContext, ResourceManager> resources = c -> {
      throw new ModelKitException("job orchestration is not wired into this build yet");
    };
    Function<ServiceContext, Monitoring> monitoring = c -> {
      throw new ModelKitException("monitoring is not wired into this build yet");
    };
    return new RuntimeWiring(jobs, resources, monitoring, v -> false);
  }
}
