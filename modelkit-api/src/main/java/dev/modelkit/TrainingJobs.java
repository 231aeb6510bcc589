package dev.modelkit;

import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Training jobs of the caller's organisation: create, start, follow, cancel, await.
 *
 * @see CustomModelTrainingService#jobs()
 */
public interface TrainingJobs {

  /**
   * Validates and persists a queued job. Needs {@code TRAIN}.
   *
   * @param config the configuration; its organisation must be the caller's
   * @return the queued job
   * @throws ConfigurationException listing every problem of the configuration
   * @throws AccessDeniedException if the caller may not train, or names another organisation
   */
  TrainingJob create(TrainingConfiguration config);

  /**
   * Hands a queued or interrupted job to the scheduler and returns at once; it runs when its
   * resources fit. Needs {@code TRAIN}.
   *
   * @param jobId the job
   * @return the job as submitted
   * @throws ProviderNotFoundException if no training engine is on the class path
   * @throws ConfigurationException if the job needs more CPU, memory or GPUs than the whole
   *     resource pool holds, naming each such field, its value and the pool's capacity
   * @throws InvalidStateException if the job is running, already started, or finished
   * @throws NotFoundException if it does not exist in the caller's organisation
   */
  TrainingJob start(String jobId);

  /**
   * @param jobId the job
   * @return its current state
   * @throws NotFoundException if it does not exist in the caller's organisation
   */
  TrainingJob get(String jobId);

  /**
   * @param state only jobs in this state, or null for all
   * @param offset how many to skip
   * @param limit the most to return
   * @return the organisation's jobs, oldest first
   */
  List<TrainingJob> list(JobState state, int offset, int limit);

  /**
   * How many jobs {@link #list} pages through, so that the newest page is one call away:
   * {@code list(state, Math.max(0, count(state) - n), n)}.
   *
   * @param state only jobs in this state, or null for all
   * @return the number of the organisation's jobs in that state
   */
  long count(JobState state);

  /**
   * Cancels a queued, interrupted or running job. A waiting job is cancelled at once; a running
   * job stops at its engine's next step and then ends cancelled (await it to see that).
   *
   * @param jobId the job
   * @param reason why, recorded in the job and the audit trail; null for "Cancelled by {@code <user>}"
   * @return the job after the request: cancelled, or still running until the engine stops
   * @throws InvalidStateException if it already finished
   * @throws NotFoundException if it does not exist in the caller's organisation
   */
  TrainingJob cancel(String jobId, String reason);

  /**
   * Waits until the job reaches a terminal state or the timeout passes.
   *
   * @param jobId the job
   * @param timeout how long to wait
   * @return the job, terminal unless the timeout passed
   * @throws InterruptedException if the waiting thread is interrupted
   */
  TrainingJob await(String jobId, Duration timeout) throws InterruptedException;

  /**
   * Delivers the job's future events to {@code listener} on a ModelKit thread, in order.
   *
   * @param jobId the job
   * @param listener receives events; must not block for long
   * @return closing it stops delivery
   */
  AutoCloseable subscribe(String jobId, Consumer<TrainingEvent> listener);

  /**
   * @param jobId the job
   * @return a publisher of the job's events that completes when the job ends
   */
  Flow.Publisher<TrainingEvent> events(String jobId);

  /**
   * The job's progress events so far, oldest first: each stage, epoch and fold the engine reported
   * with its metrics, then the final event once the job ended. Needs {@code READ}. The runtime keeps
   * the newest 10,000 events per job, in memory while the job runs and stored with the job when its
   * run ends, so a finished job's curves survive a restart; a run that was killed keeps only what an
   * earlier, completed run stored (the job itself still shows its last progress). To draw a live
   * curve without a gap, {@link #subscribe} first, then read the history and drop the events the
   * subscription already delivered (events are records: equal events are the same event).
   *
   * @param jobId the job
   * @return its events, oldest first; empty for a job that never ran
   * @throws NotFoundException if the organisation has no such job
   */
  List<TrainingEvent> history(String jobId);
}
