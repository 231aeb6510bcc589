package dev.modelkit.pipeline;

import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.evaluation.EvaluationSuite;
import dev.modelkit.monitoring.AlertRule;
import dev.modelkit.monitoring.CostMatrix;
import dev.modelkit.privacy.AnonymizationMethod;
import dev.modelkit.training.DataSource;
import java.util.List;

/**
 * What one stage needs beyond the pipeline's training configuration. Each stage type reads only
 * its own fields; {@link PipelineStage} checks that the required ones are present.
 *
 * @param anonymization {@code data_preprocessing}: how detected personal data is replaced when
 *     {@code privacyConfig.anonymization} is on; pseudonymise when null
 * @param evaluation {@code model_testing} (required): the evaluation suite to run on the version
 * @param costMatrix {@code model_validation}: true label to predicted label to cost; with it the
 *     stage scores {@code evaluationData} and reports {@code business.expected_cost}
 * @param evaluationData {@code model_validation}: labelled data to score for the cost matrix; the
 *     training configuration's test data, else its training data, when empty
 * @param deploymentTarget {@code model_deployment} (required): where to deploy
 * @param rolloutStrategy {@code model_deployment}: how; blue-green when null
 * @param alertRules {@code monitoring_setup}: alert rules to add to the model
 */
public record StageConfiguration(AnonymizationMethod anonymization, EvaluationSuite evaluation, CostMatrix costMatrix,
    List<DataSource> evaluationData, DeploymentTarget deploymentTarget, RolloutStrategy rolloutStrategy,
    List<AlertRule> alertRules) {

  /** Copies the lists. */
  public StageConfiguration {
    evaluationData = evaluationData == null ? List.of() : List.copyOf(evaluationData);
    alertRules = alertRules == null ? List.of() : List.copyOf(alertRules);
  }

  /** @return a configuration with nothing set */
  public static StageConfiguration none() {
    return new StageConfiguration(null, null, null, null, null, null, null);
  }
}
