package dev.modelkit.training.djl;

import dev.modelkit.training.CrossValidationConfig;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.EarlyStoppingConfig;
import dev.modelkit.training.MetricConfig;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.OptimizerConfig;
import dev.modelkit.training.OptimizerType;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingHyperparameters;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import java.util.List;
import java.util.Map;

/** Configurations of the real data sets, shared by the tests. */
final class Configs {
  static final List<String> GERMAN_INPUTS = List.of("checking_status", "duration", "credit_history", "purpose",
      "credit_amount", "savings_status", "employment", "installment_commitment", "personal_status", "other_parties",
      "residence_since", "property_magnitude", "age", "other_payment_plans", "housing", "existing_credits", "job",
      "num_dependents", "own_telephone", "foreign_worker");
  static final List<String> LENDING_INPUTS = List.of("funded_amnt", "term", "int_rate", "sub_grade", "addr_state",
      "verification_status", "annual_inc", "emp_length", "delinq_2yrs", "inq_last_6mths", "revol_util", "acc_now_delinq",
      "open_il_6m", "open_il_12m", "open_il_24m", "total_bal_il", "all_util", "inq_fi", "inq_last_12m", "delinq_amnt",
      "num_il_tl", "total_il_high_credit_limit");

  private Configs() {}

  static DataSource german() {
    return new DataSource("german_credit", DataFormat.ARFF, "credit/german_credit.arff",
        new DataSchema(GERMAN_INPUTS, List.of("class"), Map.of()), null, null, null);
  }

  static DataSource lending() {
    return new DataSource("lending_club", DataFormat.CSV, "credit/lending_club.csv",
        new DataSchema(LENDING_INPUTS, List.of("Class"), Map.of()), null, null, null);
  }

  /** The German Credit risk classifier: a small regularised MLP, AdamW, early stopping on ROC AUC. */
  static TrainingHyperparameters.Builder germanHyperparameters() {
    return TrainingHyperparameters.builder().learningRate(0.003).batchSize(64).epochs(100).weightDecay(0.05)
        .optimizerConfig(new OptimizerConfig(OptimizerType.ADAMW, Map.of())).hiddenUnits(List.of(32)).seed(42L);
  }

  static ValidationConfiguration stratified(int folds) {
    return new ValidationConfiguration(ValidationStrategy.STRATIFIED, 0, 1,
        new EarlyStoppingConfig(true, 10, "roc_auc", 0, null), new MetricConfig("roc_auc", List.of("accuracy", "f1_score"),
            List.of()), new CrossValidationConfig(true, folds, ValidationStrategy.STRATIFIED, true), null, null);
  }

  static ValidationConfiguration holdout(double testSize, int patience) {
    return new ValidationConfiguration(ValidationStrategy.HOLDOUT, testSize, 1,
        new EarlyStoppingConfig(true, patience, "roc_auc", 0, null), new MetricConfig("roc_auc", List.of(), List.of()),
        null, null, null);
  }

  static TrainingConfiguration.Builder germanCredit() {
    return TrainingConfiguration.builder().organizationId("acme").modelName("German credit risk")
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "risk_management",
            List.of("risk_classification"), List.of("roc_auc"), null, "bad", null, false, null))
        .datasetConfig(new DatasetConfiguration(List.of(german()), null, null, PreprocessingConfig.defaults(), null))
        .hyperparameters(germanHyperparameters().build())
        .validationConfig(stratified(5));
  }
}
