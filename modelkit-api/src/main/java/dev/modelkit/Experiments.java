package dev.modelkit;

import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.SuccessMetric;
import java.util.List;

/**
 * A/B experiments of the caller's organisation. Provided by an {@code ExperimentEngine}
 * ({@code dev.modelkit:modelkit-experiments}); without one every call fails with {@link
 * ProviderNotFoundException}.
 */
public interface Experiments {

  /**
   * Creates a draft experiment. Needs {@code EXPERIMENT}.
   *
   * @param name name
   * @param hypothesis hypothesis
   * @param variants arms; allocations sum to 100, ids unique, one control
   * @param successMetrics metrics
   * @return the experiment
   */
  ABTestExperiment create(String name, String hypothesis, List<ModelVariant> variants, List<SuccessMetric> successMetrics);

  /**
   * @param experimentId the id
   * @return the experiment
   */
  ABTestExperiment get(String experimentId);

  /** @return the organisation's experiments */
  List<ABTestExperiment> list();

  /**
   * Starts assigning traffic. Needs {@code EXPERIMENT}.
   *
   * @param experimentId the id
   * @return the running experiment
   */
  ABTestExperiment start(String experimentId);

  /**
   * Stops the experiment and sends all traffic to the control at once. Needs {@code EXPERIMENT}.
   *
   * @param experimentId the id
   * @param reason why, recorded in the audit trail
   * @return the rolled-back experiment
   */
  ABTestExperiment rollback(String experimentId, String reason);
}
