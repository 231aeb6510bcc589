package dev.modelkit.training;

import dev.modelkit.config.Checks;
import java.util.regex.Pattern;

/**
 * One model of an ensemble ({@link AdvancedTrainingConfig#ensemble()}). Every member trains on the
 * same rows, with the same preprocessing, splits, objective and validation as the job; what differs
 * is listed here. The ensemble's probabilities are the mean of its members' calibrated
 * probabilities.
 *
 * @param name a short name, unique in the ensemble (letters, digits, {@code _ . -}); it names the
 *     member's metrics ({@code member_<name>_epochs_run})
 * @param hyperparameters the member's hyperparameters (architecture through {@code hiddenUnits},
 *     optimiser, rate, decay, epochs, batch size, schedule, seed)
 * @param dropout the member's dropout, or null for the job's {@code regularizationConfig.dropout}
 * @param earlyStopping false to train the member for all its epochs; null or true to use the
 *     job's {@code validationConfig.earlyStoppingConfig}
 */
public record EnsembleMember(String name, TrainingHyperparameters hyperparameters, Double dropout,
    Boolean earlyStopping) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

  /** Validates. */
  public EnsembleMember {
    Checks c = new Checks("EnsembleMember");
    c.check(name != null && NAME.matcher(name).matches(), "name", name,
        "be 1 to 40 letters, digits, '_', '.' or '-', for example mlp32");
    c.required("hyperparameters", hyperparameters);
    c.check(dropout == null || (dropout >= 0 && dropout < 1), "dropout", dropout, "be at least 0 and less than 1");
    c.throwIfAny();
  }
}
