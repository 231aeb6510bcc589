package dev.modelkit;

import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.pipeline.PipelineNotification;
import dev.modelkit.pipeline.PipelineRun;
import dev.modelkit.privacy.PiiReport;
import dev.modelkit.training.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Training pipelines and their runs, bound to one caller. Pipelines and runs of another
 * organisation are not found.
 *
 * <p>A run executes its stages in order on a pipeline worker thread, as the user who started it
 * (triggered runs: as the pipeline's creator, with the roles they had when they created it); each
 * stage's gates are checked when it finishes. Runs are persisted after every stage transition, so
 * a failed or cancelled run {@linkplain #resume resumes} from the stage that did not finish.
 */
public interface Pipelines {

  /**
   * Validates and stores a pipeline, and arms its triggers. Needs {@code TRAIN}; a pipeline with a
   * {@code model_deployment} stage also needs {@code DEPLOY}, one with {@code monitoring_setup}
   * also {@code MONITOR}.
   *
   * @param pipeline the pipeline, without id
   * @return the stored pipeline with its id, owner and creation time
   * @throws ConfigurationException naming every problem (an unparsable cron expression, a
   *     notification channel that does not exist)
   * @throws AccessDeniedException without the permissions, or for another organisation
   */
  ModelTrainingPipeline create(ModelTrainingPipeline pipeline);

  /**
   * @param pipelineId a pipeline id
   * @return the pipeline
   * @throws NotFoundException if there is none in the caller's organisation
   */
  ModelTrainingPipeline get(String pipelineId);

  /**
   * Replaces a pipeline's definition (name, stages, triggers, schedule, notifications, training),
   * keeping its id, creator and creation time, and baselines its triggers again. Needs {@code
   * TRAIN}, plus {@code DEPLOY} / {@code MONITOR} as {@link #create} does for the new stages. Runs
   * made before the change keep their records but can no longer be {@linkplain #resume resumed}.
   *
   * @param pipelineId the pipeline
   * @param pipeline the new definition (its id, creator and creation time are ignored)
   * @return the stored pipeline
   * @throws NotFoundException if there is no such pipeline
   * @throws InvalidStateException while one of its runs is queued or running
   * @throws ConfigurationException naming every problem, as {@link #create}
   */
  ModelTrainingPipeline update(String pipelineId, ModelTrainingPipeline pipeline);

  /**
   * Deletes a pipeline: it stops triggering and is no longer found or listed. Its last definition
   * and its runs stay in the store for the audit trail ({@link #getRun} still reads them). Needs
   * {@code TRAIN}.
   *
   * @param pipelineId the pipeline
   * @throws NotFoundException if there is no such pipeline
   * @throws InvalidStateException while one of its runs is queued or running
   */
  void delete(String pipelineId);

  /**
   * @param offset rows to skip
   * @param limit at most this many
   * @return the organisation's pipelines, oldest first
   */
  List<ModelTrainingPipeline> list(int offset, int limit);

  /**
   * Starts a manual run and returns at once. Needs {@code TRAIN}.
   *
   * @param pipelineId the pipeline
   * @return the run, queued
   * @throws NotFoundException if there is no such pipeline
   */
  PipelineRun run(String pipelineId);

  /**
   * @param runId a run id
   * @return the run with every stage's state
   * @throws NotFoundException if there is none
   */
  PipelineRun getRun(String runId);

  /**
   * @param pipelineId the pipeline, or null for every pipeline
   * @param offset rows to skip
   * @param limit at most this many
   * @return runs, oldest first
   */
  List<PipelineRun> runs(String pipelineId, int offset, int limit);

  /**
   * Waits for a run to reach a terminal state.
   *
   * @param runId the run
   * @param timeout the longest wait
   * @return the run, terminal or as it is when the timeout passed
   * @throws InterruptedException if the waiting thread is interrupted
   * @throws NotFoundException if there is no such run
   */
  PipelineRun await(String runId, Duration timeout) throws InterruptedException;

  /**
   * Continues a failed or cancelled run from the stage that did not finish; finished stages are
   * not run again. Needs {@code TRAIN}.
   *
   * @param runId the run
   * @return the run, queued again
   * @throws InvalidStateException if the run is running or succeeded
   */
  PipelineRun resume(String runId);

  /**
   * Cancels a run: it stops before its next stage, and a training job it is waiting for is
   * cancelled. Needs {@code TRAIN}.
   *
   * @param runId the run
   * @param reason why, recorded on the run and in the audit trail
   * @return the run
   * @throws InvalidStateException if it already finished
   */
  PipelineRun cancel(String runId, String reason);

  /**
   * Scans data sets for personal data, reading them through the training engine. Needs {@code
   * TRAIN} and one of each source's permitted roles.
   *
   * @param sources the data sets
   * @return counts by type and where each finding is (never the values)
   * @throws ProviderNotFoundException if no training engine can read data
   */
  PiiReport scanData(List<DataSource> sources);

  /**
   * Scans documents' titles and content for personal data. Needs {@code READ}.
   *
   * @param documents the documents
   * @return counts by type and where each finding is
   */
  PiiReport scanDocuments(List<KnowledgeDocument> documents);

  /**
   * Registers a listener for the {@code callback} notifications of one pipeline. Needs {@code READ}.
   *
   * @param pipelineId the pipeline
   * @param listener called on the pipeline worker thread; one that throws is logged
   * @return closing it stops delivery
   * @throws NotFoundException if there is no such pipeline
   */
  AutoCloseable subscribe(String pipelineId, Consumer<PipelineNotification> listener);
}
