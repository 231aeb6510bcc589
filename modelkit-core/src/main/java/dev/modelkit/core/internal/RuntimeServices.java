package dev.modelkit.core.internal;

import dev.modelkit.Deployments;
import dev.modelkit.Experiments;
import dev.modelkit.KnowledgeBases;
import dev.modelkit.Monitoring;
import dev.modelkit.Pipelines;
import dev.modelkit.ResourceManager;
import dev.modelkit.TrainingJobs;
import dev.modelkit.core.governance.Authorizer;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Everything a principal-bound service needs from the runtime: the stores, the codec, the clock,
 * the authoriser, and a factory per area view. The factories of optional areas throw {@link
 * dev.modelkit.ProviderNotFoundException} when their engine is absent.
 *
 * @param metadata the metadata store
 * @param artifacts the artifact store
 * @param json the codec
 * @param clock the clock
 * @param authorizer the role policy check
 * @param jobs training jobs of a caller
 * @param resources the resource manager of a caller
 * @param monitoring monitoring of a caller
 * @param knowledgeBases knowledge bases of a caller
 * @param experiments experiments of a caller
 * @param deployments deployments of a caller
 * @param approvalRequired whether a model version's configuration asked for approval
 * @param trainingEngine the training engine, created on first use; loads versions for serving
 * @param evaluations the evaluation suite of a caller
 * @param pipelines training pipelines of a caller
 */
public record RuntimeServices(
    MetadataStore metadata, ArtifactStore artifacts, JsonCodec json, Clock clock, Authorizer authorizer,
    Function<ServiceContext, TrainingJobs> jobs, Function<ServiceContext, ResourceManager> resources,
    Function<ServiceContext, Monitoring> monitoring, Function<ServiceContext, KnowledgeBases> knowledgeBases,
    Function<ServiceContext, Experiments> experiments, Function<ServiceContext, Deployments> deployments,
    Predicate<ModelVersion> approvalRequired, java.util.function.Supplier<dev.modelkit.spi.TrainingEngine> trainingEngine,
    Function<ServiceContext, dev.modelkit.Evaluations> evaluations,
    Function<ServiceContext, Pipelines> pipelines) {

  /** Checks that every part is present. */
  public RuntimeServices {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(artifacts, "artifacts");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(authorizer, "authorizer");
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(monitoring, "monitoring");
    Objects.requireNonNull(knowledgeBases, "knowledgeBases");
    Objects.requireNonNull(experiments, "experiments");
    Objects.requireNonNull(deployments, "deployments");
    Objects.requireNonNull(approvalRequired, "approvalRequired");
    Objects.requireNonNull(trainingEngine, "trainingEngine");
    Objects.requireNonNull(evaluations, "evaluations");
    Objects.requireNonNull(pipelines, "pipelines");
  }
}
