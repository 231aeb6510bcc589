package dev.modelkit.training;

/**
 * The seed's advanced training features. Every part has a default when absent.
 *
 * @param distributedTraining multi-device training
 * @param checkpointStrategy checkpoints
 * @param optimizationStrategy loop optimisations
 * @param regularizationConfig dropout and smoothing
 * @param transferLearningConfig weight reuse, optional
 * @param multiTaskConfig multiple heads, optional
 */
public record AdvancedTrainingConfig(
    DistributedTrainingConfig distributedTraining, CheckpointStrategy checkpointStrategy,
    OptimizationStrategy optimizationStrategy, RegularizationConfig regularizationConfig,
    TransferLearningConfig transferLearningConfig, MultiTaskConfig multiTaskConfig) {

  /** Applies defaults. */
  public AdvancedTrainingConfig {
    distributedTraining = distributedTraining == null ? DistributedTrainingConfig.disabled() : distributedTraining;
    checkpointStrategy = checkpointStrategy == null ? CheckpointStrategy.defaults() : checkpointStrategy;
    optimizationStrategy = optimizationStrategy == null ? OptimizationStrategy.defaults() : optimizationStrategy;
    regularizationConfig = regularizationConfig == null ? RegularizationConfig.none() : regularizationConfig;
  }

  /** @return every part at its default */
  public static AdvancedTrainingConfig defaults() {
    return new AdvancedTrainingConfig(null, null, null, null, null, null);
  }
}
