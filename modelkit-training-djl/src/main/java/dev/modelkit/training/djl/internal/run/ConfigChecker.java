package dev.modelkit.training.djl.internal.run;

import dev.modelkit.config.Violation;
import dev.modelkit.spi.CustomMetric;
import dev.modelkit.training.AdvancedTrainingConfig;
import dev.modelkit.training.BaseModels;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DistributedStrategy;
import dev.modelkit.training.DistributedTrainingConfig;
import dev.modelkit.training.MultiTaskConfig;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.TaskConfig;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TransferLearningConfig;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import dev.modelkit.training.djl.internal.data.DatasetLoader;
import dev.modelkit.training.djl.internal.data.RowFilter;
import dev.modelkit.training.djl.internal.eval.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The pytorch engine's own checks of a configuration, beyond what the API records validate:
 * supported base models and strategies, readable data files, consistent schemas, known metrics and
 * layer names. Every problem is reported, each naming its path, value and fix.
 */
public final class ConfigChecker {
  /** Base models this engine trains from. */
  public static final String SUPPORTED_BASE_MODELS = "custom, all-minilm-l6-v2 or model:<modelId>:<version>";

  private final Map<String, CustomMetric> customMetrics;

  /** @param customMetrics registered custom metrics by name */
  public ConfigChecker(Map<String, CustomMetric> customMetrics) {
    this.customMetrics = customMetrics;
  }

  /**
   * @param cfg a configuration that passed the API's validation
   * @param dataRoot where relative data paths resolve
   * @return every problem found
   */
  public List<Violation> check(TrainingConfiguration cfg, Path dataRoot) {
    List<Violation> out = new ArrayList<>();
    String base = cfg.baseModel().toLowerCase(Locale.ROOT);
    if (BaseModels.isHosted(base)) {
      out.add(new Violation("baseModel", cfg.baseModel(), "be a model this engine trains in-process ("
          + SUPPORTED_BASE_MODELS + "); " + cfg.baseModel() + " is a hosted model that only its vendor can fine-tune,"
          + " which needs a remote fine-tuning provider plugged in through the dev.modelkit.spi.TrainingEngine SPI"
          + " (none is bundled)"));
    } else if (base.startsWith(BaseModels.TORCHSCRIPT_PREFIX)) {
      out.add(new Violation("baseModel", cfg.baseModel(), "be " + SUPPORTED_BASE_MODELS
          + "; TorchScript base models are not supported yet by the pytorch engine"));
    }
    checkObjective(cfg, out);
    checkData(cfg, dataRoot, out);
    checkValidation(cfg.validationConfig(), cfg, out);
    checkAdvanced(cfg, out);
    return out;
  }

  private void checkObjective(TrainingConfiguration cfg, List<Violation> out) {
    ObjectiveType type = cfg.trainingObjective().type();
    TransferLearningConfig tl = cfg.advancedConfig().transferLearningConfig();
    boolean fromModel = cfg.baseModel().startsWith(BaseModels.MODEL_PREFIX)
        || (tl != null && tl.sourceModel().startsWith(BaseModels.MODEL_PREFIX));
    if (type == ObjectiveType.DOMAIN_ADAPTATION && !fromModel) {
      out.add(new Violation("trainingObjective.type", "domain_adaptation", "start from a model of the other domain:"
          + " set baseModel or advancedConfig.transferLearningConfig.sourceModel to model:<modelId>:<version>"));
    }
    if (type == ObjectiveType.FINE_TUNING && !fromModel && !cfg.baseModel().equalsIgnoreCase(BaseModels.MINILM)
        && !BaseModels.isHosted(cfg.baseModel())) {
      out.add(new Violation("baseModel", cfg.baseModel(), "name the model to fine-tune for fine_tuning ("
          + "all-minilm-l6-v2 or model:<modelId>:<version>)"));
    }
    if (tl != null && !tl.sourceModel().startsWith(BaseModels.MODEL_PREFIX)
        && !tl.sourceModel().equalsIgnoreCase(BaseModels.MINILM)) {
      out.add(new Violation("advancedConfig.transferLearningConfig.sourceModel", tl.sourceModel(),
          "be model:<modelId>:<version> or all-minilm-l6-v2"));
    }
    var privacy = cfg.datasetConfig().privacyConfig();
    // encryption at rest is the runtime's: it hands encrypted jobs an encrypting artifact store
    if (privacy.anonymization()) {
      out.add(new Violation("datasetConfig.privacyConfig.anonymization", "true",
          "be false for a training job: anonymisation runs in a pipeline's data_preprocessing stage, which trains "
              + "on the anonymised copy (CustomModelTrainingService.pipelines())"));
    }
  }

  private void checkData(TrainingConfiguration cfg, Path dataRoot, List<Violation> out) {
    DatasetLoader loader = new DatasetLoader(dataRoot, Clock.systemUTC(), null);
    List<DataSource> all = new ArrayList<>(cfg.datasetConfig().trainingData());
    all.addAll(cfg.datasetConfig().validationData());
    all.addAll(cfg.datasetConfig().testData());
    DataSource first = cfg.datasetConfig().trainingData().get(0);
    String timeField = timeField(cfg);
    for (int i = 0; i < all.size(); i++) {
      DataSource s = all.get(i);
      String path = "datasetConfig." + role(cfg, i) + ".source";
      String problem = loader.checkReadable(s);
      if (problem != null) {
        out.add(new Violation(path, s.source(), "name a readable file: " + problem));
      }
      if (!s.schema().inputFields().equals(first.schema().inputFields())
          || !s.schema().outputFields().equals(first.schema().outputFields())) {
        out.add(new Violation("datasetConfig." + role(cfg, i) + ".schema", s.id(),
            "list the same input and output fields as " + first.id()));
      }
      out.addAll(RowFilter.check("datasetConfig." + role(cfg, i) + ".filters", s.filters(), timeField));
    }
    String tok = cfg.datasetConfig().dataPreprocessing().tokenization();
    if (tok != null && !tok.equalsIgnoreCase("bert_tokenizer") && !tok.equalsIgnoreCase("builtin")) {
      Path p = Path.of(tok);
      Path file = p.isAbsolute() ? p : dataRoot.resolve(p);
      if (!Files.isReadable(file)) {
        out.add(new Violation("datasetConfig.dataPreprocessing.tokenization", tok,
            "be bert_tokenizer, builtin, or the path of a readable Hugging Face tokenizer.json (" + file + " is not)"));
      }
    }
    MultiTaskConfig mt = cfg.advancedConfig().multiTaskConfig();
    if (mt != null) {
      for (int i = 0; i < mt.tasks().size(); i++) {
        TaskConfig t = mt.tasks().get(i);
        if (!first.schema().outputFields().contains(t.outputField())) {
          out.add(new Violation("advancedConfig.multiTaskConfig.tasks[" + i + "].outputField", t.outputField(),
              "be one of the schema's output fields " + first.schema().outputFields()));
        }
      }
    }
  }

  private static String role(TrainingConfiguration cfg, int i) {
    int t = cfg.datasetConfig().trainingData().size();
    int v = cfg.datasetConfig().validationData().size();
    if (i < t) {
      return "trainingData[" + i + "]";
    }
    if (i < t + v) {
      return "validationData[" + (i - t) + "]";
    }
    return "testData[" + (i - t - v) + "]";
  }

  /**
   * @param cfg a configuration
   * @return the field date filters and time-series splits use, or null
   */
  public static String timeField(TrainingConfiguration cfg) {
    if (cfg.validationConfig().timeField() != null) {
      return cfg.validationConfig().timeField();
    }
    for (Map.Entry<String, dev.modelkit.training.DataType> e
        : cfg.datasetConfig().trainingData().get(0).schema().dataTypes().entrySet()) {
      if (e.getValue() == dev.modelkit.training.DataType.DATETIME) {
        return e.getKey();
      }
    }
    return null;
  }

  private void checkValidation(ValidationConfiguration v, TrainingConfiguration cfg, List<Violation> out) {
    Set<String> known = new LinkedHashSet<>(Metrics.BUILT_IN);
    known.addAll(customMetrics.keySet());
    Set<String> monitorable = new LinkedHashSet<>(known);
    MultiTaskConfig mt = cfg.advancedConfig().multiTaskConfig();
    if (mt != null) {
      for (TaskConfig t : mt.tasks().subList(1, mt.tasks().size())) {
        for (String m : Metrics.BUILT_IN) {
          monitorable.add(t.name() + "_" + m);
        }
      }
    }
    check(out, "validationConfig.metricConfig.primary", v.metricConfig().primary(), known);
    for (int i = 0; i < v.metricConfig().secondary().size(); i++) {
      check(out, "validationConfig.metricConfig.secondary[" + i + "]", v.metricConfig().secondary().get(i), known);
    }
    for (int i = 0; i < v.metricConfig().customMetrics().size(); i++) {
      String name = v.metricConfig().customMetrics().get(i);
      if (!customMetrics.containsKey(name)) {
        out.add(new Violation("validationConfig.metricConfig.customMetrics[" + i + "]", name,
            "name a registered custom metric " + customMetrics.keySet() + "; register it as a dev.modelkit.spi.CustomMetric"
                + " service (business_impact is registered when modelkit.training.business_impact.costs is set)"));
      }
    }
    if (v.earlyStoppingConfig().enabled()) {
      check(out, "validationConfig.earlyStoppingConfig.metric", v.earlyStoppingConfig().metric(), monitorable);
    }
    for (int i = 0; i < cfg.trainingObjective().successMetrics().size(); i++) {
      check(out, "trainingObjective.successMetrics[" + i + "]", cfg.trainingObjective().successMetrics().get(i), known);
    }
    boolean folds = v.crossValidation().enabled();
    if (cfg.trainingObjective().qualityThresholds().minReliability() != null && !folds) {
      out.add(new Violation("trainingObjective.qualityThresholds.minReliability",
          String.valueOf(cfg.trainingObjective().qualityThresholds().minReliability()),
          "be absent unless cross-validation is on: reliability is 1 minus the coefficient of variation of the"
              + " primary metric across folds (use strategy k_fold, stratified, time_series or group)"));
    }
    if (folds && v.crossValidation().strategy() == ValidationStrategy.TIME_SERIES && timeField(cfg) == null) {
      out.add(new Violation("validationConfig.timeField", null,
          "name the field that orders rows for time_series validation (or type one field as datetime)"));
    }
    if (folds && v.crossValidation().strategy() == ValidationStrategy.GROUP && v.groupField() == null) {
      out.add(new Violation("validationConfig.groupField", null, "name the field whose values must not be split"));
    }
  }

  private static void check(List<Violation> out, String path, String name, Set<String> known) {
    if (!known.contains(Metrics.canonical(name))) {
      out.add(new Violation(path, name, "be one of " + known));
    }
  }

  private void checkAdvanced(TrainingConfiguration cfg, List<Violation> out) {
    AdvancedTrainingConfig a = cfg.advancedConfig();
    DistributedTrainingConfig d = a.distributedTraining();
    if (d.enabled()) {
      if (d.strategy() == DistributedStrategy.MODEL_PARALLEL || d.strategy() == DistributedStrategy.PIPELINE_PARALLEL) {
        out.add(new Violation("advancedConfig.distributedTraining.strategy", d.strategy().wireName(),
            "be data_parallel: the pytorch engine splits batches over the GPUs of one process; model_parallel and"
                + " pipeline_parallel are not supported (ModelKit's networks fit on one device)"));
      }
      if (d.numNodes() > 1) {
        out.add(new Violation("advancedConfig.distributedTraining.numNodes", String.valueOf(d.numNodes()),
            "be 1: training across machines is not supported; data_parallel uses the GPUs of one process"));
      }
    }
    if (!a.ensemble().isEmpty()) {
      String why = "; an ensemble trains every member from scratch on the job's rows (set advancedConfig.ensemble to []"
          + " to use it)";
      if (cfg.baseModel().startsWith(BaseModels.MODEL_PREFIX)) {
        out.add(new Violation("baseModel", cfg.baseModel(), "be custom or all-minilm-l6-v2 for an ensemble" + why));
      }
      if (a.transferLearningConfig() != null) {
        out.add(new Violation("advancedConfig.transferLearningConfig", "set", "be absent for an ensemble" + why));
      }
      if (cfg.trainingObjective().type() == ObjectiveType.KNOWLEDGE_DISTILLATION
          || cfg.trainingObjective().type() == ObjectiveType.DOMAIN_ADAPTATION) {
        out.add(new Violation("trainingObjective.type", cfg.trainingObjective().type().wireName(),
            "not be knowledge_distillation or domain_adaptation for an ensemble" + why));
      }
      if (cfg.validationConfig().refit()) {
        out.add(new Violation("validationConfig.refit", "true", "be false for an ensemble: members keep the split"
            + " their calibration and threshold were chosen on"));
      }
    }
    List<String> layers = new ArrayList<>();
    for (int i = 1; i <= cfg.hyperparameters().hiddenUnits().size(); i++) {
      layers.add("hidden_" + i);
    }
    MultiTaskConfig mt = a.multiTaskConfig();
    if (mt == null) {
      layers.add("head");
    } else {
      for (TaskConfig t : mt.tasks()) {
        layers.add("head_" + t.name());
      }
    }
    TransferLearningConfig tl = a.transferLearningConfig();
    if (tl != null) {
      for (int i = 0; i < tl.freezeLayers().size(); i++) {
        if (!layers.contains(tl.freezeLayers().get(i))) {
          out.add(new Violation("advancedConfig.transferLearningConfig.freezeLayers[" + i + "]", tl.freezeLayers().get(i),
              "name a layer of the network " + layers));
        }
      }
      for (int i = 0; i < tl.fineTuneLayers().size(); i++) {
        if (!layers.contains(tl.fineTuneLayers().get(i))) {
          out.add(new Violation("advancedConfig.transferLearningConfig.fineTuneLayers[" + i + "]",
              tl.fineTuneLayers().get(i), "name a layer of the network " + layers));
        }
      }
    }
    if (mt != null) {
      for (java.util.Map.Entry<String, List<String>> e : mt.taskSpecificLayers().entrySet()) {
        if (!e.getValue().equals(List.of("head_" + e.getKey()))) {
          out.add(new Violation("advancedConfig.multiTaskConfig.taskSpecificLayers." + e.getKey(), e.getValue().toString(),
              "be [head_" + e.getKey() + "]: every hidden layer is shared and each task has one head; task-specific"
                  + " hidden layers are not supported yet"));
        }
      }
      for (String l : mt.sharedLayers()) {
        if (!layers.contains(l)) {
          out.add(new Violation("advancedConfig.multiTaskConfig.sharedLayers", l, "name a layer of the network " + layers));
        }
      }
    }
  }
}
