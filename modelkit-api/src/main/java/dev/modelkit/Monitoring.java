package dev.modelkit;

import dev.modelkit.monitoring.ModelPerformance;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.PredictionRecord;
import dev.modelkit.monitoring.PredictionRecorder;

/**
 * Prediction logging, performance metrics and drift of the caller's organisation's models.
 *
 * <p>Recording needs {@code MONITOR}; reading needs {@code READ}. Everything is scoped to the
 * caller's organisation: another organisation's models are reported as not found.
 */
public interface Monitoring {

  /**
   * Records one prediction. Needs {@code MONITOR}. Cheap on the caller's thread; {@link
   * #recorder} is cheaper still.
   *
   * @param record the prediction
   * @return its id, for joining an outcome later
   * @throws NotFoundException if the model version is unknown in the caller's organisation
   * @throws ConfigurationException if the features differ from the reference profile
   */
  String recordPrediction(PredictionRecord record);

  /**
   * A recorder bound to one model version, for the serving hot path. Needs {@code MONITOR}.
   *
   * @param modelId the model
   * @param version the version
   * @return a recorder that allocates nothing per prediction in steady state
   * @throws NotFoundException if the model version is unknown in the caller's organisation
   */
  PredictionRecorder recorder(String modelId, String version);

  /**
   * Joins the true outcome to a recorded prediction. Needs {@code MONITOR}.
   *
   * @param predictionId the id returned by {@link #recordPrediction}
   * @param trueLabel the true label
   * @param userSatisfaction reported satisfaction, NaN when none
   * @throws NotFoundException if no prediction with that id is waiting for its outcome
   */
  void recordOutcome(String predictionId, String trueLabel, double userSatisfaction);

  /**
   * Joins the true outcome to a prediction recorded through a {@link PredictionRecorder}. Needs
   * {@code MONITOR}.
   *
   * @param predictionId the id returned by {@link PredictionRecorder#record}
   * @param trueLabel the true label
   * @param userSatisfaction reported satisfaction, NaN when none
   * @throws NotFoundException if no prediction with that id is waiting for its outcome
   */
  void recordOutcome(long predictionId, String trueLabel, double userSatisfaction);

  /**
   * Closes the open windows of the caller's organisation and writes them durably. Data recorded
   * before a returned {@code flush()} is <em>acknowledged</em>: it survives a restart. Needs
   * {@code MONITOR}.
   */
  void flush();

  /**
   * Needs {@code READ}.
   *
   * @param modelId the model
   * @param period the period
   * @return metrics, drift and alerts
   * @throws NotFoundException if nothing was ever recorded for the model in the caller's organisation
   */
  ModelPerformance performance(String modelId, Period period);
}
