package dev.modelkit;

import dev.modelkit.monitoring.Alert;
import dev.modelkit.monitoring.AlertRule;
import dev.modelkit.monitoring.BusinessMetric;
import dev.modelkit.monitoring.DriftOptions;
import dev.modelkit.monitoring.DriftReport;
import dev.modelkit.monitoring.ModelPerformance;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.PredictionRecord;
import dev.modelkit.monitoring.PredictionRecorder;
import dev.modelkit.monitoring.ReferenceData;
import dev.modelkit.monitoring.ReferenceProfile;
import java.util.List;
import java.util.Optional;

/**
 * Prediction logging, performance metrics and drift of the caller's organisation's models.
 *
 * <p>Recording, reference profiles, alert rules and business metrics need {@code MONITOR};
 * reading needs {@code READ}. Everything is scoped to the caller's organisation: another
 * organisation's models are reported as not found.
 *
 * <p>A model version is known to monitoring once it is registered in the model registry or has a
 * reference profile; recording for any other version fails with {@link NotFoundException}.
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

  /**
   * Captures a reference profile from training or validation data and stores it with the model
   * version, replacing an earlier one. Later predictions of the version must carry exactly the
   * profile's features with the profile's types. Needs {@code MONITOR}.
   *
   * @param modelId the model
   * @param version the version
   * @param data the rows (or columns), and optionally the model's outputs on them and the
   *     version's validation metrics
   * @return the stored profile
   * @throws ConfigurationException if a feature mixes numbers and strings, naming the feature and row
   */
  ReferenceProfile registerReference(String modelId, String version, ReferenceData data);

  /**
   * Needs {@code READ}.
   *
   * @param modelId the model
   * @param version the version
   * @return its reference profile, if one is stored
   */
  Optional<ReferenceProfile> reference(String modelId, String version);

  /**
   * Drift of a version over a period with the default options. Needs {@code READ}.
   *
   * @param modelId the model
   * @param version the version
   * @param period the period
   * @return the report
   * @throws NotFoundException if the version has no reference profile
   */
  default DriftReport drift(String modelId, String version, Period period) {
    return drift(modelId, version, period, DriftOptions.defaults());
  }

  /**
   * Drift of a version over a period. Needs {@code READ}.
   *
   * @param modelId the model
   * @param version the version
   * @param period the period
   * @param options how to test
   * @return the report
   * @throws NotFoundException if the version has no reference profile
   */
  DriftReport drift(String modelId, String version, Period period, DriftOptions options);

  /**
   * Adds or replaces an alert rule of a model (all its versions). Needs {@code MONITOR}.
   *
   * @param modelId the model
   * @param rule the rule
   * @return the stored rule
   * @throws ConfigurationException if the condition does not parse, pointing at the column
   */
  AlertRule addAlertRule(String modelId, AlertRule rule);

  /**
   * Needs {@code READ}.
   *
   * @param modelId the model
   * @return its alert rules, by name
   */
  List<AlertRule> alertRules(String modelId);

  /**
   * Needs {@code MONITOR}.
   *
   * @param modelId the model
   * @param name a rule's name
   * @return whether it existed
   */
  boolean removeAlertRule(String modelId, String name);

  /**
   * Needs {@code READ}.
   *
   * @param modelId the model
   * @param period the period
   * @return the alerts raised in the period, oldest first
   */
  List<Alert> alerts(String modelId, Period period);

  /**
   * Registers a business metric of a model, computed from the joined outcomes of each queried
   * period and usable in alert rules as {@code business(name)}. Kept in memory. Needs {@code
   * MONITOR}.
   *
   * @param modelId the model
   * @param name the metric's name
   * @param metric how to compute it, for example a {@link dev.modelkit.monitoring.CostMatrix}
   */
  void registerBusinessMetric(String modelId, String name, BusinessMetric metric);
}
