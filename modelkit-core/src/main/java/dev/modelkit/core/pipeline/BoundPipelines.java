package dev.modelkit.core.pipeline;

import dev.modelkit.Pipelines;
import dev.modelkit.core.pipeline.internal.AccessControl;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.pipeline.PipelineNotification;
import dev.modelkit.pipeline.PipelineRun;
import dev.modelkit.pipeline.TriggerType;
import dev.modelkit.privacy.PiiReport;
import dev.modelkit.security.Permission;
import dev.modelkit.spi.DatasetRows;
import dev.modelkit.spi.ServiceContext;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.InvalidRowPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** The {@link Pipelines} view of one caller. */
final class BoundPipelines implements Pipelines {
  private final PipelineManager manager;
  private final ServiceContext ctx;

  BoundPipelines(PipelineManager manager, ServiceContext ctx) {
    this.manager = manager;
    this.ctx = ctx;
  }

  private String org() {
    return ctx.principal().organizationId();
  }

  @Override
  public ModelTrainingPipeline create(ModelTrainingPipeline pipeline) {
    return manager.create(ctx, pipeline);
  }

  @Override
  public ModelTrainingPipeline get(String pipelineId) {
    ctx.require(Permission.READ);
    return manager.store().pipeline(org(), pipelineId).pipeline();
  }

  @Override
  public ModelTrainingPipeline update(String pipelineId, ModelTrainingPipeline pipeline) {
    return manager.update(ctx, pipelineId, pipeline);
  }

  @Override
  public void delete(String pipelineId) {
    manager.delete(ctx, pipelineId);
  }

  @Override
  public List<ModelTrainingPipeline> list(int offset, int limit) {
    ctx.require(Permission.READ);
    return manager.store().pipelines(org(), offset, limit).stream().map(s -> s.pipeline()).toList();
  }

  @Override
  public PipelineRun run(String pipelineId) {
    ctx.require(Permission.TRAIN);
    return manager.start(manager.store().pipeline(org(), pipelineId), ctx.principal(), TriggerType.MANUAL, null);
  }

  @Override
  public PipelineRun getRun(String runId) {
    ctx.require(Permission.READ);
    return manager.store().run(org(), runId);
  }

  @Override
  public List<PipelineRun> runs(String pipelineId, int offset, int limit) {
    ctx.require(Permission.READ);
    return manager.store().runs(org(), pipelineId, offset, limit);
  }

  @Override
  public PipelineRun await(String runId, Duration timeout) throws InterruptedException {
    ctx.require(Permission.READ);
    Objects.requireNonNull(timeout, "timeout");
    return manager.await(org(), runId, timeout);
  }

  @Override
  public PipelineRun resume(String runId) {
    return manager.resume(ctx, runId);
  }

  @Override
  public PipelineRun cancel(String runId, String reason) {
    return manager.cancel(ctx, runId, reason);
  }

  @Override
  public PiiReport scanData(List<DataSource> sources) {
    ctx.require(Permission.TRAIN);
    Objects.requireNonNull(sources, "sources");
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("scanData needs at least one data source");
    }
    AccessControl.require(ctx.principal(), sources, null);
    PipelineEnvironment env = manager.env();
    DatasetRows rows = manager.engine().readDataset(sources, env.dataRoot(), InvalidRowPolicy.SKIP, env.clock());
    return env.scanner().scan(rows, "data " + sources.stream().map(DataSource::id).toList());
  }

  @Override
  public PiiReport scanDocuments(List<KnowledgeDocument> documents) {
    ctx.require(Permission.READ);
    return manager.env().scanner().scanDocuments(Objects.requireNonNull(documents, "documents"));
  }

  @Override
  public AutoCloseable subscribe(String pipelineId, Consumer<PipelineNotification> listener) {
    ctx.require(Permission.READ);
    Objects.requireNonNull(listener, "listener");
    manager.store().pipeline(org(), pipelineId);
    return manager.notifier().subscribe(pipelineId, listener);
  }

  @Override
  public String toString() {
    return "Pipelines of " + ctx.principal().userId() + "@" + org();
  }
}
