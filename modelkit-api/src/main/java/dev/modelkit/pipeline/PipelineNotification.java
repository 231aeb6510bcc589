package dev.modelkit.pipeline;

import java.time.Instant;

/**
 * What a notification channel delivers about a run.
 *
 * @param event what happened
 * @param organizationId the owning organisation
 * @param pipelineId the pipeline
 * @param pipelineName its name
 * @param runId the run
 * @param state the run's state after the event
 * @param message a sentence for people (a failure names the stage, metric, value and threshold)
 * @param at when it happened
 */
public record PipelineNotification(NotificationEvent event, String organizationId, String pipelineId,
    String pipelineName, String runId, RunState state, String message, Instant at) {}
