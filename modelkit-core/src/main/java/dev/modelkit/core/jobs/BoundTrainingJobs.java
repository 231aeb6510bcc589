package dev.modelkit.core.jobs;

import dev.modelkit.TrainingJobs;
import dev.modelkit.spi.ServiceContext;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/** {@link TrainingJobs} bound to one caller; every call is authorised and scoped by its context. */
final class BoundTrainingJobs implements TrainingJobs {
  private final JobOrchestrator jobs;
  private final ServiceContext ctx;

  BoundTrainingJobs(JobOrchestrator jobs, ServiceContext ctx) {
    this.jobs = jobs;
    this.ctx = ctx;
  }

  @Override
  public TrainingJob create(TrainingConfiguration config) {
    return jobs.create(ctx, config);
  }

  @Override
  public TrainingJob start(String jobId) {
    return jobs.start(ctx, jobId);
  }

  @Override
  public TrainingJob get(String jobId) {
    return jobs.get(ctx, jobId);
  }

  @Override
  public List<TrainingJob> list(JobState state, int offset, int limit) {
    return jobs.list(ctx, state, offset, limit);
  }

  @Override
  public TrainingJob cancel(String jobId, String reason) {
    return jobs.cancel(ctx, jobId, reason);
  }

  @Override
  public TrainingJob await(String jobId, Duration timeout) throws InterruptedException {
    return jobs.await(ctx, jobId, timeout);
  }

  @Override
  public AutoCloseable subscribe(String jobId, Consumer<TrainingEvent> listener) {
    return jobs.subscribe(ctx, jobId, listener);
  }

  @Override
  public Flow.Publisher<TrainingEvent> events(String jobId) {
    return jobs.events(ctx, jobId);
  }

  @Override
  public long count(JobState state) {
    return jobs.count(ctx, state);
  }

  @Override
  public List<TrainingEvent> history(String jobId) {
    return jobs.history(ctx, jobId);
  }
}
