/**
 * Training pipelines (the seed's {@code ModelTrainingPipeline}): stages from data ingestion to
 * monitoring set-up, quality gates between them, triggers, notifications, and persisted runs that
 * resume from the stage that failed. Reached through {@code CustomModelTrainingService.pipelines()}.
 */
package dev.modelkit.pipeline;
