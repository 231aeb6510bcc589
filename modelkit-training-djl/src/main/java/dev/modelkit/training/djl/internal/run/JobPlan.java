package dev.modelkit.training.djl.internal.run;

import ai.djl.Device;
import dev.modelkit.spi.CustomMetric;
import dev.modelkit.spi.Predictor;
import dev.modelkit.training.AugmentationConfig;
import dev.modelkit.training.ClassWeighting;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.TrainingHyperparameters;
import dev.modelkit.training.djl.internal.features.SentenceEncoder;
import dev.modelkit.training.djl.internal.nn.LayerPlan;
import dev.modelkit.training.djl.internal.nn.NamedWeights;
import dev.modelkit.training.djl.internal.nn.NetworkTrainer;
import java.util.List;
import java.util.Map;

/**
 * Everything a job's configuration resolves to before training: what to read, how to encode it,
 * which tasks, how to train and how to judge. Built once per job and shared by every fold.
 *
 * @param inputs input fields
 * @param tasks tasks, primary first
 * @param preprocessing preprocessing settings
 * @param augmentation augmentation settings, or null when augmentation is off
 * @param tokenizer text tokenizer name
 * @param tokenizerFile Hugging Face tokenizer file, or null
 * @param sentenceEncoder the frozen sentence encoder for text fields, or null
 * @param hyperparameters the hyperparameters
 * @param dropout dropout
 * @param labelSmoothing label smoothing
 * @param accumulation gradient accumulation steps
 * @param classWeighting class weights of the primary task
 * @param calibrate whether to calibrate probabilities
 * @param earlyStopping early stopping (stop=false when only the best epoch is selected), or null
 * @param validationFrequency validate every this many epochs
 * @param primaryMetric the primary metric
 * @param metrics every reported metric, built-in and custom
 * @param customMetrics registered custom metrics by name
 * @param layerPlan which layers train when
 * @param source the source model's weights and feature names for transfer, or null
 * @param teacher the distillation teacher, or null
 * @param temperature distillation temperature
 * @param alpha distillation alpha
 * @param devices training devices
 * @param uncertaintyWeights whether task weights are learned
 * @param validationShare share of training rows held out for validation when no validation source
 * @param ensemble the ensemble's members, empty for one model trained with {@code hyperparameters}
 */
public record JobPlan(List<String> inputs, List<TaskPlan> tasks, PreprocessingConfig preprocessing,
    AugmentationConfig augmentation, String tokenizer, java.nio.file.Path tokenizerFile, SentenceEncoder sentenceEncoder,
    TrainingHyperparameters hyperparameters, double dropout, double labelSmoothing, int accumulation,
    ClassWeighting classWeighting, boolean calibrate, NetworkTrainer.EarlyStopping earlyStopping,
    int validationFrequency, String primaryMetric, List<String> metrics, Map<String, CustomMetric> customMetrics,
    LayerPlan layerPlan, SourceModel source, Predictor teacher, double temperature, double alpha, Device[] devices,
    boolean uncertaintyWeights, double validationShare, List<Member> ensemble) {

  /**
   * One network to train: the job's own, or one member of its ensemble.
   *
   * @param name the member's name ({@code model} for a single network)
   * @param hyperparameters its hyperparameters
   * @param dropout its dropout
   * @param earlyStopping its early stopping, or null
   */
  public record Member(String name, TrainingHyperparameters hyperparameters, double dropout,
      NetworkTrainer.EarlyStopping earlyStopping) {}

  /** @return the networks to train: the ensemble's members, or the job's single network */
  public List<Member> members() {
    return ensemble.isEmpty() ? List.of(new Member("model", hyperparameters, dropout, earlyStopping)) : ensemble;
  }

  /**
   * A model whose weights a job starts from.
   *
   * @param weights its weights by parameter name
   * @param featureNames its feature names, to align its first layer with this job's features
   * @param hiddenUnits its hidden widths
   * @param headClasses each of its heads' classes, by head name, to align heads class by class
   * @param transferredLayers set after initialisation: the layers whose weights were copied
   */
  public record SourceModel(NamedWeights weights, List<String> featureNames, List<Integer> hiddenUnits,
      Map<String, List<String>> headClasses, java.util.Set<String> transferredLayers) {}
}
