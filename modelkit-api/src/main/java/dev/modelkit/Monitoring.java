package dev.modelkit;

import dev.modelkit.monitoring.ModelPerformance;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.PredictionRecord;

/**
 * Prediction logging, performance metrics and drift of the caller's organisation's models.
 */
public interface Monitoring {

  /**
   * Records one prediction. Needs {@code MONITOR}. Cheap on the caller's thread.
   *
   * @param record the prediction
   * @return its id, for joining an outcome later
   */
  String recordPrediction(PredictionRecord record);

  /**
   * Joins the true outcome to a recorded prediction. Needs {@code MONITOR}.
   *
   * @param predictionId the id returned by {@link #recordPrediction}
   * @param trueLabel the true label
   * @param userSatisfaction reported satisfaction, NaN when none
   */
  void recordOutcome(String predictionId, String trueLabel, double userSatisfaction);

  /**
   * Needs {@code READ}.
   *
   * @param modelId the model
   * @param period the period
   * @return metrics, drift and alerts
   */
  ModelPerformance performance(String modelId, Period period);
}
