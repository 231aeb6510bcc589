package dev.modelkit.core.jobs;

import dev.modelkit.ResourceManager;
import dev.modelkit.TrainingJobs;
import dev.modelkit.spi.ServiceContext;
import java.util.Objects;

/**
 * Runs training jobs for the ModelKit runtime: persists them, queues them for the resource pool,
 * runs admitted jobs on worker threads through the {@link dev.modelkit.spi.TrainingEngine},
 * streams their progress, registers the model versions they produce, charges their cost and finds
 * interrupted work after a restart.
 *
 * <p>One instance per runtime. The runtime calls {@link #recover()} once after the stores open,
 * hands out {@link #jobs} and {@link #resources} views bound to each caller, and calls {@link
 * #close()} at shutdown; jobs running then end {@code INTERRUPTED} and resume after the next start.
 */
public final class JobManager implements AutoCloseable {
  private final JobOrchestrator orchestrator;

  /**
   * @param env the stores, codec, clock, engine, pool, prices and directories to use
   * @throws NullPointerException if {@code env} is null
   */
  public JobManager(JobEnvironment env) {
    this.orchestrator = new JobOrchestrator(Objects.requireNonNull(env, "env"));
  }

  /**
   * @param ctx the caller
   * @return the training jobs of the caller's organisation, as the caller
   */
  public TrainingJobs jobs(ServiceContext ctx) {
    return new BoundTrainingJobs(orchestrator, Objects.requireNonNull(ctx, "ctx"));
  }

  /**
   * @param ctx the caller
   * @return the resource pool, costs and budget of the caller's organisation, as the caller
   */
  public ResourceManager resources(ServiceContext ctx) {
    return new BoundResourceManager(orchestrator, Objects.requireNonNull(ctx, "ctx"));
  }

  /**
   * Finds work the previous process left: jobs stored as {@code RUNNING} become {@code INTERRUPTED}
   * (startTraining resumes them from their last checkpoint), and jobs that were started and still
   * waiting for resources are queued again in their original order. Call once, after the stores
   * open and before callers use the service.
   *
   * @throws IllegalStateException if called a second time or after {@link #close()}
   * @throws dev.modelkit.StoreException if the metadata store fails
   */
  public void recover() {
    orchestrator.recover();
  }

  /**
   * Stops admitting jobs, asks running engines to stop at their next step (those jobs end {@code
   * INTERRUPTED}, resumable), waits up to ten seconds for them, and completes every event
   * subscriber. Jobs still waiting stay queued in the store and are queued again by {@link
   * #recover()} after the next start. Does not close the stores, which the runtime owns.
   */
  @Override
  public void close() {
    orchestrator.close();
  }
}
