package dev.modelkit;

import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.Assignment;
import dev.modelkit.experiment.Decision;
import dev.modelkit.experiment.ExperimentAnalysis;
import dev.modelkit.experiment.ExperimentDefinition;
import dev.modelkit.experiment.ExperimentReview;
import dev.modelkit.experiment.ExperimentRouter;
import dev.modelkit.experiment.MetricEvent;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.RecordResult;
import dev.modelkit.experiment.SampleRatioCheck;
import dev.modelkit.experiment.SampleSizePlan;
import dev.modelkit.experiment.SampleSizeQuery;
import dev.modelkit.experiment.SuccessMetric;
import java.util.List;
import java.util.Map;

/**
 * A/B experiments of the caller's organisation. Provided by an {@code ExperimentEngine}
 * ({@code dev.modelkit:modelkit-experiments}); without one every call fails with {@link
 * ProviderNotFoundException}.
 *
 * <p>Life cycle: {@link #create} (draft) → {@link #start} (running) ⇄ {@link #pause} → {@link
 * #stop} → {@link #conclude}; {@link #rollback} at any point after the start. Units are assigned
 * with {@link #assign} (or the {@link #router()} on the serving path), outcomes are recorded with
 * {@link #record}, and {@link #analyse} or {@link #review} compute the statistics.
 *
 * <p>Permissions: changes and assignments need {@code EXPERIMENT}; {@link #get}, {@link #list},
 * {@link #analyse} and the calculators need {@code READ}; {@link #router()} needs {@code
 * EXPERIMENT} or {@code DEPLOY}. Every call is scoped to the caller's organisation: another
 * organisation's experiment is reported as not found. Every state change is written together
 * with its audit record.
 *
 * <p>Every method throws {@link AccessDeniedException} when the caller lacks the permission and
 * {@link NotFoundException} for an unknown experiment id.
 */
public interface Experiments {

  /**
   * Creates a draft experiment with a fixed split and default analysis settings. Needs {@code
   * EXPERIMENT}.
   *
   * @param name name
   * @param hypothesis hypothesis
   * @param variants arms; allocations sum to 100, ids unique, exactly one control
   * @param successMetrics metrics; names unique, at least one primary
   * @return the experiment
   * @throws ConfigurationException listing every problem of the definition
   */
  ABTestExperiment create(String name, String hypothesis, List<ModelVariant> variants, List<SuccessMetric> successMetrics);

  /**
   * Creates a draft experiment with its traffic allocation and configuration. Needs {@code
   * EXPERIMENT}.
   *
   * @param definition the whole definition, already validated by its constructor
   * @return the experiment
   */
  ABTestExperiment create(ExperimentDefinition definition);

  /**
   * @param experimentId the id
   * @return the experiment. Needs {@code READ}
   */
  ABTestExperiment get(String experimentId);

  /** @return the organisation's experiments, oldest first. Needs {@code READ} */
  List<ABTestExperiment> list();

  /**
   * Starts (or resumes a paused) experiment: units are assigned and exposures logged. Needs
   * {@code EXPERIMENT}.
   *
   * @param experimentId the id
   * @return the running experiment
   * @throws InvalidStateException if it is not a draft or paused
   */
  ABTestExperiment start(String experimentId);

  /**
   * Pauses a running experiment: everyone gets the control, outcomes are still recorded. Needs
   * {@code EXPERIMENT}.
   *
   * @param experimentId the id
   * @param reason why, recorded in the audit trail
   * @return the paused experiment
   * @throws InvalidStateException if it is not running
   */
  ABTestExperiment pause(String experimentId, String reason);

  /**
   * Stops assigning: everyone gets the control; late outcomes are still recorded until the
   * experiment is concluded. Needs {@code EXPERIMENT}.
   *
   * @param experimentId the id
   * @param reason why, recorded in the audit trail
   * @return the stopped experiment
   * @throws InvalidStateException if it is not running or paused
   */
  ABTestExperiment stop(String experimentId, String reason);

  /**
   * Changes the variants' allocations, moving as few units as possible (only the difference
   * changes variant). Needs {@code EXPERIMENT}.
   *
   * @param experimentId the id
   * @param allocations new percentage per variant id; every variant listed, summing to 100
   * @param reason why, recorded in the audit trail
   * @return the experiment with a new allocation epoch
   * @throws ConfigurationException if a variant is missing or unknown or the sum is not 100
   * @throws InvalidStateException if the experiment has ended
   */
  ABTestExperiment reallocate(String experimentId, Map<String, Double> allocations, String reason);

  /**
   * Records the decision with the current analysis as its evidence, and routes all traffic to
   * the winner (or to the control without a decision). An audit event. Needs {@code
   * EXPERIMENT}.
   *
   * @param experimentId the id
   * @param decision winner or no decision
   * @param winnerVariantId the winner for {@link Decision#WINNER}, else null
   * @param reasoning why, kept for auditors; must not be blank
   * @return the concluded experiment
   * @throws ConfigurationException if the winner is missing or unknown or the reasoning blank
   * @throws InvalidStateException if it is a draft or has already ended
   */
  ABTestExperiment conclude(String experimentId, Decision decision, String winnerVariantId, String reasoning);

  /**
   * Sends all traffic to the control at once and ends the experiment. An audit event. Needs
   * {@code EXPERIMENT}.
   *
   * @param experimentId the id
   * @param reason why, recorded in the audit trail
   * @return the rolled-back experiment
   * @throws InvalidStateException if it is a draft or has already ended
   */
  ABTestExperiment rollback(String experimentId, String reason);

  /**
   * Assigns a unit and, when it enters the experiment, logs its exposure. Needs {@code
   * EXPERIMENT}.
   *
   * @param experimentId the id
   * @param unitId the unit; the same id always gets the same variant
   * @param attributes the unit's attributes for targeting; null means none
   * @return the variant and why
   * @throws StoreException if the exposure cannot be logged
   */
  Assignment assign(String experimentId, String unitId, Map<String, String> attributes);

  /** @return the serving-path router of this organisation's experiments. Needs {@code EXPERIMENT} or {@code DEPLOY} */
  ExperimentRouter router();

  /**
   * Records outcomes; each event is attributed to the variant its unit was first exposed to.
   * Events that are bad (unknown metric, wrong kind for the metric, unit never exposed) are
   * reported and the rest of the batch is recorded. Returns once the accepted events, and every
   * exposure logged before them, are durable. Needs {@code EXPERIMENT}.
   *
   * @param experimentId the id
   * @param events the batch
   * @return what was accepted, ignored as duplicate, or rejected
   * @throws InvalidStateException if the experiment is a draft or concluded
   * @throws StoreException if the log cannot be written; nothing of the batch is then acknowledged
   */
  RecordResult record(String experimentId, List<MetricEvent> events);

  /**
   * Makes every exposure logged so far durable (they otherwise become durable with the next
   * {@link #record} or when the log buffer fills). Needs {@code EXPERIMENT}.
   *
   * @param experimentId the id
   */
  void flush(String experimentId);

  /**
   * Analyses the experiment as configured. Needs {@code READ}.
   *
   * @param experimentId the id
   * @return the analysis
   * @throws InvalidStateException if no unit has been exposed yet, saying what to do
   */
  ExperimentAnalysis analyse(String experimentId);

  /**
   * Analyses and applies the early-stopping rules: stops the experiment for efficacy or
   * futility, rolls it back on harm (when configured), else leaves it running. Needs {@code
   * EXPERIMENT}.
   *
   * @param experimentId the id
   * @return the analysis and what was done
   */
  ExperimentReview review(String experimentId);

  /**
   * Sample size for a two-variant test. Needs {@code READ}.
   *
   * @param query the planned test
   * @return units per variant and the achieved power
   */
  SampleSizePlan sampleSize(SampleSizeQuery query);

  /**
   * Power of a two-variant test with the given size. Needs {@code READ}.
   *
   * @param query the planned test (its power is ignored)
   * @param unitsPerVariant units in each variant
   * @return the probability of detecting the effect
   */
  double power(SampleSizeQuery query, long unitsPerVariant);

  /**
   * Sample-ratio-mismatch check of observed counts against planned shares, for data collected
   * elsewhere. Needs {@code READ}.
   *
   * @param observed units per variant
   * @param expectedShares planned share per variant (any positive scale; normalised)
   * @param threshold flag a mismatch below this p-value, for example 0.005
   * @return the chi-square test
   * @throws ConfigurationException if the lists differ in length, a count is negative or a share
   *     is not positive
   */
  SampleRatioCheck checkSampleRatio(List<Long> observed, List<Double> expectedShares, double threshold);
}
