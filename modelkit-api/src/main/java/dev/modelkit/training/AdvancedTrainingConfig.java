package dev.modelkit.training;

import dev.modelkit.config.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The seed's advanced training features. Every part has a default when absent.
 *
 * @param distributedTraining multi-device training
 * @param checkpointStrategy checkpoints
 * @param optimizationStrategy loop optimisations
 * @param regularizationConfig dropout and smoothing
 * @param transferLearningConfig weight reuse, optional
 * @param multiTaskConfig multiple heads, optional
 * @param ensemble the members of an ensemble, or empty (the default) for one model trained with the
 *     job's hyperparameters. With two or more members the job trains each on the same rows and
 *     serves the mean of their calibrated probabilities, with the decision threshold chosen on that
 *     mean. Not combined with transfer learning, a base model, distillation or refit.
 */
public record AdvancedTrainingConfig(
    DistributedTrainingConfig distributedTraining, CheckpointStrategy checkpointStrategy,
    OptimizationStrategy optimizationStrategy, RegularizationConfig regularizationConfig,
    TransferLearningConfig transferLearningConfig, MultiTaskConfig multiTaskConfig, List<EnsembleMember> ensemble) {

  /**
   * Without an ensemble.
   *
   * @param distributedTraining see the record
   * @param checkpointStrategy see the record
   * @param optimizationStrategy see the record
   * @param regularizationConfig see the record
   * @param transferLearningConfig see the record
   * @param multiTaskConfig see the record
   */
  public AdvancedTrainingConfig(DistributedTrainingConfig distributedTraining, CheckpointStrategy checkpointStrategy,
      OptimizationStrategy optimizationStrategy, RegularizationConfig regularizationConfig,
      TransferLearningConfig transferLearningConfig, MultiTaskConfig multiTaskConfig) {
    this(distributedTraining, checkpointStrategy, optimizationStrategy, regularizationConfig, transferLearningConfig,
        multiTaskConfig, null);
  }

  /** Applies defaults and validates the ensemble. */
  public AdvancedTrainingConfig {
    List<EnsembleMember> members = ensemble == null ? List.of() : ensemble;
    Checks c = new Checks("AdvancedTrainingConfig");
    c.check(members.size() != 1, "ensemble", members.size() + " member",
        "list at least two members, or none for a single model");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < members.size(); i++) {
      EnsembleMember m = members.get(i);
      c.check(m != null, "ensemble[" + i + "]", null, "be a member with a name and hyperparameters");
      if (m != null) {
        c.check(names.add(m.name()), "ensemble[" + i + "].name", m.name(), "be unique in the ensemble");
      }
    }
    c.throwIfAny();
    ensemble = List.copyOf(members);
    distributedTraining = distributedTraining == null ? DistributedTrainingConfig.disabled() : distributedTraining;
    checkpointStrategy = checkpointStrategy == null ? CheckpointStrategy.defaults() : checkpointStrategy;
    optimizationStrategy = optimizationStrategy == null ? OptimizationStrategy.defaults() : optimizationStrategy;
    regularizationConfig = regularizationConfig == null ? RegularizationConfig.none() : regularizationConfig;
  }

  /** @return every part at its default */
  public static AdvancedTrainingConfig defaults() {
    return new AdvancedTrainingConfig(null, null, null, null, null, null, null);
  }
}
