package dev.modelkit.training.djl.internal.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.TrainingException;
import dev.modelkit.config.Violation;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.CustomMetric;
import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.AugmentationConfig;
import dev.modelkit.training.BaseModels;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DistributedStrategy;
import dev.modelkit.training.DistributedTrainingConfig;
import dev.modelkit.training.EarlyStoppingConfig;
import dev.modelkit.training.LossWeightingStrategy;
import dev.modelkit.training.MultiTaskConfig;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.QualityThresholds;
import dev.modelkit.training.TaskConfig;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TransferLearningConfig;
import dev.modelkit.training.TransferStrategy;
import dev.modelkit.training.ValidationStrategy;
import dev.modelkit.training.djl.internal.data.DatasetLoader;
import dev.modelkit.training.djl.internal.data.RowFilter;
import dev.modelkit.training.djl.internal.data.Cells;
import dev.modelkit.training.djl.internal.data.Table;
import dev.modelkit.training.djl.internal.eval.Metrics;
import dev.modelkit.training.djl.internal.eval.Splits;
import dev.modelkit.training.djl.internal.features.PipelineResources;
import dev.modelkit.training.djl.internal.features.SentenceEncoder;
import dev.modelkit.training.djl.internal.features.WordTokenizer;
import dev.modelkit.training.djl.internal.nn.LayerPlan;
import dev.modelkit.training.djl.internal.nn.NetworkTrainer;
import dev.modelkit.training.djl.internal.serving.DjlPredictor;
import dev.modelkit.training.djl.internal.serving.StoredModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training job from configuration to {@link TrainingResult}: checks, permission, data
 * loading, label encoding, test hold-out, cross-validation folds, the final model, test
 * evaluation, latency measurement, quality thresholds and artifacts, with progress, cancellation,
 * checkpoints and resume throughout.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
  private static final double VALIDATION_SHARE = 0.2;
  private static final int LATENCY_ROWS = 200;

  private final TrainingContext ctx;
  private final EngineEnvironment env;
  private final TrainingConfiguration cfg;
  private final String configSha;
  private final List<String> notes = new ArrayList<>();
  /** Unlabelled rows, rows the source model labelled, and the confidence used; null without any. */
  private double[] pseudo;

  /**
   * @param ctx the job
   * @param env the engine's shared facilities
   */
  public TrainingRun(TrainingContext ctx, EngineEnvironment env) {
    this.ctx = ctx;
    this.env = env;
    this.cfg = ctx.configuration();
    this.configSha = sha256(canonicalJson(cfg));
  }

  /**
   * @return the result
   * @throws ConfigurationException when the configuration cannot run here
   * @throws AccessDeniedException when the caller may not read a data source
   * @throws CancellationException when the job was cancelled
   * @throws TrainingException for data and training failures
   */
  public TrainingResult run() {
    List<Violation> problems = new ConfigChecker(env.customMetrics()).check(cfg, ctx.dataRoot());
    if (!problems.isEmpty()) {
      throw new ConfigurationException("TrainingConfiguration (pytorch engine)", problems);
    }
    checkPermissions();
    RunCheckpoint resume = resumePoint();
    progress("data_ingestion", 0, 0, Map.of(), "reading " + sourceCount() + " data source(s)");
    DataSource first = cfg.datasetConfig().trainingData().get(0);
    List<TaskPlanDraft> drafts = tasks(first);
    List<String> fields = fields(first, drafts);
    var prep = cfg.datasetConfig().dataPreprocessing();
    DatasetLoader loader = new DatasetLoader(ctx.dataRoot(), ctx.clock(), prep.invalidRows());
    List<DataSource> sources = new ArrayList<>(cfg.datasetConfig().trainingData());
    sources.addAll(cfg.datasetConfig().validationData());
    sources.addAll(cfg.datasetConfig().testData());
    Set<String> labelFields = new LinkedHashSet<>();
    drafts.forEach(d -> labelFields.add(d.field));
    boolean adaptsUnlabelled = cfg.trainingObjective().type() == ObjectiveType.DOMAIN_ADAPTATION && multiTaskOff();
    DatasetLoader.Loaded loaded = loader.load(sources, fields, labelFields, first.schema().dataTypes(),
        ConfigChecker.timeField(cfg), adaptsUnlabelled ? cfg.datasetConfig().trainingData().size() : 0);
    if (adaptsUnlabelled) {
      loaded = pseudoLabel(loaded, drafts.get(0).field);
    }
    if (loaded.skippedRows() > 0) {
      notes.add(loaded.skippedRows() + " row(s) skipped as invalid, first: " + loaded.skippedExamples());
      progress("data_ingestion", 0, 0, Map.of("rows_skipped", (double) loaded.skippedRows()),
          loaded.skippedRows() + " invalid row(s) skipped; first: " + loaded.skippedExamples().get(0));
    }
    PreparedData data = prepare(loaded.table(), drafts);
    List<TaskPlan> tasks = plans(data, drafts);
    data = withLabels(data, tasks);
    try (Resources res = resources(data.table())) {
      JobPlan plan = plan(tasks, res);
      return train(plan, data, loaded, res, resume);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // setup

  private record TaskPlanDraft(String name, String head, String field, float weight) {}

  private boolean multiTaskOff() {
    return cfg.advancedConfig().multiTaskConfig() == null;
  }

  /**
   * Domain adaptation on unlabelled in-domain rows (self-training): training rows whose label is
   * empty are labelled by the source model when it is confident (its top class probability at
   * least {@code transferLearningConfig.pseudoLabelThreshold}, 0.9 by default) and dropped
   * otherwise. Validation and test rows must carry real labels, so the reported figures never
   * score the model against its own source's guesses.
   */
  private DatasetLoader.Loaded pseudoLabel(DatasetLoader.Loaded loaded, String labelField) {
    Table t = loaded.table();
    int nTrain = cfg.datasetConfig().trainingData().size();
    int col = t.column(labelField);
    List<Integer> unlabelled = new ArrayList<>();
    for (int r = 0; r < t.size(); r++) {
      if (t.origin(r) < nTrain && Cells.isMissing(t.row(r)[col])) {
        unlabelled.add(r);
      }
    }
    if (unlabelled.isEmpty()) {
      return loaded;
    }
    if (cfg.datasetConfig().testData().isEmpty() || cfg.datasetConfig().validationData().isEmpty()
        || cfg.validationConfig().crossValidation().enabled()) {
      throw new ConfigurationException("TrainingConfiguration", List.of(new Violation("datasetConfig",
          "testData " + cfg.datasetConfig().testData().size() + ", validationData "
              + cfg.datasetConfig().validationData().size(), "name labelled validationData and testData (and turn"
              + " cross-validation off) when " + unlabelled.size() + " training row(s) have no '" + labelField
              + "': those rows are labelled by the source model and must never be scored as truth")));
    }
    TransferLearningConfig tl = cfg.advancedConfig().transferLearningConfig();
    double threshold = tl == null ? TransferLearningConfig.DEFAULT_PSEUDO_LABEL_THRESHOLD : tl.pseudoLabelThreshold();
    List<String> inputs = cfg.datasetConfig().trainingData().get(0).schema().inputFields();
    progress("data_preprocessing", 0, 0, Map.of("unlabelled_rows", (double) unlabelled.size()),
        "labelling " + unlabelled.size() + " unlabelled in-domain row(s) with " + sourceModelRef());
    int kept = 0;
    Set<Integer> dropped = new HashSet<>();
    try (DjlPredictor source = env.load(version(sourceModelRef(), "source model"), ctx.artifacts())) {
      Set<String> seen = new TreeSet<>();
      for (int r = 0; r < t.size(); r++) {
        if (!Cells.isMissing(t.row(r)[col])) {
          seen.add(t.row(r)[col]);
        }
      }
      if (!source.labels().containsAll(seen)) {
        throw new ConfigurationException("TrainingConfiguration", List.of(new Violation("baseModel", sourceModelRef(),
            "predict the classes of '" + labelField + "' " + seen + " (it predicts " + source.labels() + ")")));
      }
      final int batch = 256;
      for (int from = 0; from < unlabelled.size(); from += batch) {
        List<Integer> part = unlabelled.subList(from, Math.min(unlabelled.size(), from + batch));
        List<Map<String, Object>> rows = new ArrayList<>(part.size());
        for (int r : part) {
          rows.add(t.request(r, inputs));
        }
        List<Prediction> predictions = source.predictBatch(rows);
        for (int i = 0; i < part.size(); i++) {
          Prediction p = predictions.get(i);
          if (p.ok() && p.probability(p.label()) >= threshold) {
            t.set(part.get(i), labelField, p.label());
            kept++;
          } else {
            dropped.add(part.get(i));
          }
        }
      }
    }
    pseudo = new double[] {unlabelled.size(), kept, threshold};
    notes.add(kept + " of " + unlabelled.size() + " unlabelled in-domain row(s) labelled by " + sourceModelRef()
        + " at confidence >= " + threshold + "; the rest left out");
    int[] keep = new int[t.size() - dropped.size()];
    for (int r = 0, k = 0; r < t.size(); r++) {
      if (!dropped.contains(r)) {
        keep[k++] = r;
      }
    }
    return new DatasetLoader.Loaded(t.select(keep), loaded.fingerprints(), loaded.skippedRows(),
        loaded.skippedExamples(), loaded.filteredRows());
  }

  private List<TaskPlanDraft> tasks(DataSource first) {
    MultiTaskConfig mt = cfg.advancedConfig().multiTaskConfig();
    List<TaskPlanDraft> out = new ArrayList<>();
    if (mt != null) {
      for (TaskConfig t : mt.tasks()) {
        out.add(new TaskPlanDraft(t.name(), "head_" + t.name(), t.outputField(), (float) t.weight()));
      }
      return out;
    }
    List<String> names = cfg.trainingObjective().tasks();
    String name = names.isEmpty() ? first.schema().outputFields().get(0) : names.get(0);
    out.add(new TaskPlanDraft(name, "head", first.schema().outputFields().get(0), 1f));
    return out;
  }

  private List<String> fields(DataSource first, List<TaskPlanDraft> drafts) {
    Set<String> f = new LinkedHashSet<>(first.schema().inputFields());
    drafts.forEach(d -> f.add(d.field));
    String time = ConfigChecker.timeField(cfg);
    if (time != null) {
      f.add(time);
    }
    if (cfg.validationConfig().groupField() != null) {
      f.add(cfg.validationConfig().groupField());
    }
    for (DataSource s : cfg.datasetConfig().trainingData()) {
      for (String k : s.filters().keySet()) {
        if (!k.equals(RowFilter.DATE_RANGE)) {
          f.add(k);
        }
      }
    }
    return new ArrayList<>(f);
  }

  private void checkPermissions() {
    Principal p = ctx.principal();
    if (p.roles().contains(Roles.ADMINISTRATOR)) {
      return;
    }
    List<DataSource> all = new ArrayList<>(cfg.datasetConfig().trainingData());
    all.addAll(cfg.datasetConfig().validationData());
    all.addAll(cfg.datasetConfig().testData());
    for (DataSource s : all) {
      if (!s.permissions().isEmpty() && s.permissions().stream().noneMatch(p.roles()::contains)) {
        throw new AccessDeniedException("user '" + p.userId() + "' with roles " + p.roles() + " may not train on data source '"
            + s.id() + "' (" + s.source() + "), which is restricted to roles " + s.permissions()
            + "; ask an administrator for one of those roles");
      }
    }
    List<String> acl = cfg.datasetConfig().privacyConfig().accessControl();
    if (!acl.isEmpty() && !acl.contains(p.userId()) && acl.stream().noneMatch(p.roles()::contains)) {
      throw new AccessDeniedException("user '" + p.userId() + "' with roles " + p.roles()
          + " is not in the data set's privacyConfig.accessControl " + acl);
    }
  }

  private PreparedData prepare(Table table, List<TaskPlanDraft> drafts) {
    List<Integer> tr = new ArrayList<>();
    List<Integer> va = new ArrayList<>();
    List<Integer> te = new ArrayList<>();
    int nTrain = cfg.datasetConfig().trainingData().size();
    int nVal = cfg.datasetConfig().validationData().size();
    for (int r = 0; r < table.size(); r++) {
      int o = table.origin(r);
      (o < nTrain ? tr : o < nTrain + nVal ? va : te).add(r);
    }
    if (tr.isEmpty()) {
      throw new dev.modelkit.training.djl.DatasetException("no training rows are left after checking and filtering "
          + table.files().subList(0, nTrain) + "; fix the data or the filters", table.files().get(0), 0, null, null);
    }
    return new PreparedData(table, toArray(tr), toArray(va), toArray(te), List.of());
  }

  private List<TaskPlan> plans(PreparedData data, List<TaskPlanDraft> drafts) {
    List<TaskPlan> out = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      TaskPlanDraft d = drafts.get(i);
      List<String> classes = PreparedData.classes(data.table(), d.field, data.training(),
          data.table().nominalValues(d.field));
      int positive = -1;
      if (classes.size() == 2) {
        String wanted = i == 0 ? cfg.trainingObjective().positiveClass() : null;
        if (wanted != null) {
          positive = classes.indexOf(wanted);
          if (positive < 0) {
            throw new ConfigurationException("TrainingConfiguration", List.of(new Violation(
                "trainingObjective.positiveClass", wanted, "be one of the classes of '" + d.field + "': " + classes)));
          }
        } else {
          int[] counts = new int[2];
          for (int r : data.training()) {
            counts[classes.indexOf(data.table().value(r, d.field))]++;
          }
          positive = counts[1] <= counts[0] ? 1 : 0;
        }
      }
      out.add(new TaskPlan(d.name, d.head, d.field, classes, positive, d.weight));
    }
    return out;
  }

  private static PreparedData withLabels(PreparedData data, List<TaskPlan> tasks) {
    List<int[]> labels = new ArrayList<>();
    for (TaskPlan t : tasks) {
      int[] y = new int[data.table().size()];
      int col = data.table().column(t.field());
      for (int r = 0; r < y.length; r++) {
        y[r] = t.classes().indexOf(data.table().row(r)[col]);
      }
      labels.add(y);
    }
    return new PreparedData(data.table(), data.training(), data.validation(), data.test(), labels);
  }

  /** Job-scoped resources: pipeline resources plus models opened for this job. */
  private static final class Resources implements AutoCloseable {
    final PipelineResources pipeline;
    final Path tokenizerFile;
    final SentenceEncoder encoder;
    DjlPredictor teacher;

    Resources(PipelineResources pipeline, Path tokenizerFile, SentenceEncoder encoder) {
      this.pipeline = pipeline;
      this.tokenizerFile = tokenizerFile;
      this.encoder = encoder;
    }

    @Override
    public void close() {
      pipeline.close();
      if (teacher != null) {
        teacher.close();
      }
    }
  }

  private Resources resources(Table table) {
    var prep = cfg.datasetConfig().dataPreprocessing();
    String tok = prep.tokenization();
    Path tokenizerFile = null;
    if (tok != null && tok.equalsIgnoreCase("bert_tokenizer")) {
      tokenizerFile = env.bertTokenizer();
    } else if (tok != null && !tok.equalsIgnoreCase(WordTokenizer.NAME)) {
      Path p = Path.of(tok);
      tokenizerFile = p.isAbsolute() ? p : ctx.dataRoot().resolve(p);
    }
    SentenceEncoder encoder = null;
    boolean minilm = cfg.baseModel().equalsIgnoreCase(BaseModels.MINILM)
        || (cfg.advancedConfig().transferLearningConfig() != null
            && cfg.advancedConfig().transferLearningConfig().sourceModel().equalsIgnoreCase(BaseModels.MINILM));
    if (minilm) {
      boolean text = table.types().entrySet().stream().anyMatch(e -> (e.getValue() == dev.modelkit.training.DataType.TEXT
          || e.getValue() == dev.modelkit.training.DataType.EMAIL)
          && cfg.datasetConfig().trainingData().get(0).schema().inputFields().contains(e.getKey()));
      if (!text) {
        throw new ConfigurationException("TrainingConfiguration", List.of(new Violation("baseModel", cfg.baseModel(),
            "be used with at least one text input field (type a field as text or email in the schema)")));
      }
      encoder = env.sentenceEncoder(Math.min(512, prep.maxTextTokens()));
    }
    SentenceEncoder enc = encoder;
    return new Resources(new PipelineResources(tokenizerFile, prep.maxTextTokens(), enc == null ? null : () -> enc, false),
        tokenizerFile, encoder);
  }

  private JobPlan plan(List<TaskPlan> tasks, Resources res) {
    var hp = cfg.hyperparameters();
    var v = cfg.validationConfig();
    var prep = cfg.datasetConfig().dataPreprocessing();
    var adv = cfg.advancedConfig();
    String primary = Metrics.canonical(v.metricConfig().primary());
    Set<String> metricNames = new LinkedHashSet<>(Metrics.BUILT_IN);
    Map<String, CustomMetric> custom = new LinkedHashMap<>();
    List<String> wanted = new ArrayList<>(v.metricConfig().customMetrics());
    wanted.add(primary);
    wanted.addAll(v.metricConfig().secondary());
    for (String m : wanted) {
      CustomMetric cm = env.customMetrics().get(m);
      if (cm != null) {
        custom.put(m, cm);
        metricNames.add(m);
      }
    }
    EarlyStoppingConfig es = v.earlyStoppingConfig();
    NetworkTrainer.EarlyStopping early = es.enabled()
        ? new NetworkTrainer.EarlyStopping(Metrics.canonical(es.metric()), es.patience(), es.minDelta(),
            es.direction() == dev.modelkit.training.Direction.MINIMIZE || minimized(Metrics.canonical(es.metric()), custom),
            true)
        : null;
    JobPlan.SourceModel source = null;
    String sourceRef = sourceModelRef();
    if (sourceRef != null) {
      StoredModel m = StoredModel.read(version(sourceRef, "source model"), ctx.artifacts());
      if (!m.manifest().members().isEmpty()) {
        throw new ConfigurationException("TrainingConfiguration", List.of(new Violation(
            sourceRef.equals(cfg.baseModel()) ? "baseModel" : "advancedConfig.transferLearningConfig.sourceModel",
            sourceRef, "name a single-network model: " + sourceRef + " is an ensemble of "
                + m.manifest().members().size() + " networks, whose weights cannot seed one network (distil it into"
                + " one with trainingObjective.type knowledge_distillation instead)")));
      }
      Map<String, List<String>> heads = new LinkedHashMap<>();
      m.manifest().tasks().forEach(t -> heads.put(t.head(), t.classes()));
      source = new JobPlan.SourceModel(m.weights(), m.manifest().featureNames(), m.manifest().hiddenUnits(), heads,
          new HashSet<>());
    }
    DjlPredictor teacher = null;
    double temperature = 0;
    double alpha = 0;
    if (cfg.trainingObjective().type() == ObjectiveType.KNOWLEDGE_DISTILLATION) {
      var d = cfg.trainingObjective().distillation();
      teacher = env.load(version(d.teacherModel(), "distillation teacher"), ctx.artifacts());
      res.teacher = teacher;
      if (!teacher.labels().equals(tasks.get(0).classes())) {
        throw new ConfigurationException("TrainingConfiguration", List.of(new Violation(
            "trainingObjective.distillation.teacherModel", d.teacherModel(),
            "predict the same classes as the student's label " + tasks.get(0).classes() + " (it predicts " + teacher.labels()
                + ")")));
      }
      temperature = d.temperature();
      alpha = d.alpha();
    }
    AugmentationConfig aug = prep.augmentation() ? prep.augmentationConfig() : null;
    MultiTaskConfig mt = adv.multiTaskConfig();
    boolean uncertainty = mt != null && mt.lossWeighting().type() == LossWeightingStrategy.Type.UNCERTAINTY;
    String tokenizer = res.tokenizerFile == null ? WordTokenizer.NAME : PipelineResources.HUGGINGFACE;
    return new JobPlan(cfg.datasetConfig().trainingData().get(0).schema().inputFields(), tasks, prep, aug, tokenizer,
        res.tokenizerFile, res.encoder, hp, adv.regularizationConfig().dropout(), adv.regularizationConfig().labelSmoothing(),
        adv.optimizationStrategy().gradientAccumulationSteps(), cfg.trainingObjective().classWeighting(),
        cfg.trainingObjective().calibrateProbabilities(), early, v.validationFrequency(), primary,
        new ArrayList<>(metricNames), custom, layerPlan(tasks, source), source, teacher, temperature, alpha, devices(),
        uncertainty, VALIDATION_SHARE, ensemble(adv, early));
  }

  private static List<JobPlan.Member> ensemble(dev.modelkit.training.AdvancedTrainingConfig adv,
      NetworkTrainer.EarlyStopping early) {
    List<JobPlan.Member> members = new ArrayList<>();
    for (dev.modelkit.training.EnsembleMember m : adv.ensemble()) {
      members.add(new JobPlan.Member(m.name(), m.hyperparameters(),
          m.dropout() != null ? m.dropout() : adv.regularizationConfig().dropout(),
          Boolean.FALSE.equals(m.earlyStopping()) ? null : early));
    }
    return List.copyOf(members);
  }

  private static boolean minimized(String metric, Map<String, CustomMetric> custom) {
    CustomMetric c = custom.get(metric);
    return c != null ? c.direction() == dev.modelkit.training.Direction.MINIMIZE : Metrics.minimized(metric);
  }

  private String sourceModelRef() {
    TransferLearningConfig tl = cfg.advancedConfig().transferLearningConfig();
    if (tl != null && tl.sourceModel().startsWith(BaseModels.MODEL_PREFIX)) {
      return tl.sourceModel();
    }
    return cfg.baseModel().startsWith(BaseModels.MODEL_PREFIX) ? cfg.baseModel() : null;
  }

  private ModelVersion version(String ref, String role) {
    String[] parts = ref.substring(BaseModels.MODEL_PREFIX.length()).split(":", 2);
    return ctx.findModelVersion(parts[0], parts[1]).orElseThrow(() -> new ConfigurationException(
        "TrainingConfiguration", List.of(new Violation(role.equals("source model") ? "baseModel" : "trainingObjective"
            + ".distillation.teacherModel", ref, "name a registered model version of organisation "
            + ctx.principal().organizationId() + " that you may read (" + role + " not found)"))));
  }

  private LayerPlan layerPlan(List<TaskPlan> tasks, JobPlan.SourceModel source) {
    TransferLearningConfig tl = cfg.advancedConfig().transferLearningConfig();
    Set<String> heads = new LinkedHashSet<>();
    tasks.forEach(t -> heads.add(t.head()));
    List<String> hidden = new ArrayList<>();
    for (int i = 1; i <= cfg.hyperparameters().hiddenUnits().size(); i++) {
      hidden.add("hidden_" + i);
    }
    if (tl == null) {
      return LayerPlan.all();
    }
    Set<String> frozen = new LinkedHashSet<>(tl.freezeLayers());
    if (!tl.fineTuneLayers().isEmpty()) {
      for (String h : hidden) {
        if (!tl.fineTuneLayers().contains(h)) {
          frozen.add(h);
        }
      }
    }
    if (tl.transferStrategy() == TransferStrategy.FEATURE_EXTRACTION) {
      // the transferred trunk stays as the source trained it; only the heads learn
      frozen.addAll(hidden);
      return LayerPlan.freeze(frozen);
    }
    if (tl.transferStrategy() == TransferStrategy.GRADUAL_UNFREEZING) {
      return LayerPlan.gradual(tl.unfreezeEveryEpochs(), heads, frozen);
    }
    return LayerPlan.freeze(frozen);
  }

  private Device[] devices() {
    DistributedTrainingConfig d = cfg.advancedConfig().distributedTraining();
    if (!d.enabled() || d.strategy() != DistributedStrategy.DATA_PARALLEL) {
      return new Device[] {Device.cpu()};
    }
    Engine engine = Engine.getEngine("PyTorch");
    int gpus = engine.getGpuCount();
    int use = d.numGPUs() > 0 ? Math.min(d.numGPUs(), gpus) : gpus;
    if (use == 0) {
      String msg = "data_parallel was requested but DJL reports no GPU on this machine; training on one CPU device";
      LOG.warn(msg);
      notes.add(msg);
      progress("model_training", 0, 0, Map.of(), msg);
      return new Device[] {Device.cpu()};
    }
    if (d.numGPUs() > gpus) {
      String msg = "data_parallel asked for " + d.numGPUs() + " GPUs but DJL reports " + gpus + "; using " + gpus;
      LOG.warn(msg);
      notes.add(msg);
    }
    return engine.getDevices(use);
  }

  // ---------------------------------------------------------------------------------------------
  // training

  private TrainingResult train(JobPlan plan, PreparedData data, DatasetLoader.Loaded loaded, Resources res,
      RunCheckpoint resume) {
    long seed = cfg.hyperparameters().seed();
    var v = cfg.validationConfig();
    int[] dev = data.training();
    int[] test = data.test();
    if (test.length == 0 && v.testSize() > 0) {
      Splits.Split s = split(data, dev, v.testSize(), seed ^ 0x7E57L);
      dev = s.train();
      test = s.test();
    }
    FoldTrainer trainer = new FoldTrainer(plan, env.libraryVersions());
    List<Map<String, Double>> folds = new ArrayList<>(resume == null ? List.of() : resume.completedFolds());
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (v.crossValidation().enabled()) {
      List<Splits.Split> cv = folds(data, dev, seed);
      for (int f = folds.size(); f < cv.size(); f++) {
        int fold = f + 1;
        Splits.Split s = cv.get(f);
        byte[] state = resume != null && "cv".equals(resume.phase()) && resume.fold() == fold && resume.state().length > 0
            ? resume.state() : null;
        Splits.Split inner = innerSplit(data, s.train(), seed + fold);
        int[] val = data.validation().length > 0 ? data.validation() : inner.test();
        int[] tr = data.validation().length > 0 ? s.train() : inner.train();
        FoldTrainer.Fitted fitted = trainer.fit(data.table(), data.labels(), tr, val, seed + fold, res.pipeline,
            hooks(fold, List.copyOf(folds), "cv"), state);
        cancelledCheck(fitted, fold);
        List<double[][]> p = trainer.score(fitted, data.table(), s.test(), res.pipeline);
        Map<String, Double> m = trainer.evaluator().evaluate(p, labels(data, s.test()), thresholds(fitted));
        folds.add(m);
        progress("model_validation", fitted.outcome().epochsRun(), cfg.hyperparameters().epochs(), fold, m,
            "fold " + fold + " of " + cv.size() + ": " + plan.primaryMetric() + " " + fmt(m.get(plan.primaryMetric())));
        checkpoint(new RunCheckpoint(configSha, "cv", fold, fitted.outcome().epochsRun(), List.copyOf(folds), new byte[0]),
            fold, m);
      }
      summarise(folds, plan, metrics);
    }
    byte[] finalState = resume != null && "final".equals(resume.phase()) && resume.state().length > 0
        ? resume.state() : null;
    int[] finalTrain = dev;
    int[] finalVal = data.validation();
    if (finalVal.length == 0) {
      Splits.Split inner = innerSplit(data, dev, seed);
      finalTrain = inner.train();
      finalVal = inner.test();
    }
    FoldTrainer.Fitted model = trainer.fit(data.table(), data.labels(), finalTrain, finalVal, seed, res.pipeline,
        hooks(0, List.copyOf(folds), "final"), finalState);
    cancelledCheck(model, 0);
    if (v.refit() && data.validation().length == 0) {
      int epochs = plan.earlyStopping() != null ? Math.max(1, model.outcome().bestEpoch()) : model.outcome().epochsRun();
      progress("model_training", 0, epochs, 0, Map.of(), "refitting on all " + dev.length + " development rows for "
          + epochs + " epochs, keeping the threshold and calibration chosen on " + finalVal.length + " held-out rows");
      model = trainer.refit(model, data.table(), data.labels(), dev, epochs, seed, res.pipeline,
          hooks(0, List.copyOf(folds), "refit"));
      cancelledCheck(model, 0);
      finalTrain = dev;
      metrics.put("refit_epochs", (double) epochs);
    }
    for (Map.Entry<String, Double> e : model.validation().entrySet()) {
      metrics.put("val_" + e.getKey(), e.getValue());
    }
    if (plan.tasks().get(0).positive() >= 0) {
      metrics.put("threshold", model.manifest().tasks().get(0).threshold());
    }
    if (!model.manifest().members().isEmpty()) {
      metrics.put("ensemble_members", (double) model.manifest().members().size());
      metrics.putAll(model.memberMetrics());
    }
    metrics.put("epochs_run", (double) model.outcome().epochsRun());
    metrics.put("best_epoch", (double) model.outcome().bestEpoch());
    metrics.put("parameters", (double) model.weights().size());
    metrics.put("rows_training", (double) finalTrain.length);
    metrics.put("rows_validation", (double) finalVal.length);
    metrics.put("rows_skipped", (double) loaded.skippedRows());
    metrics.put("rows_filtered", (double) loaded.filteredRows());
    if (test.length > 0) {
      progress("model_testing", model.outcome().epochsRun(), cfg.hyperparameters().epochs(), 0, Map.of(),
          "evaluating on " + test.length + " test rows");
      List<double[][]> p = trainer.score(model, data.table(), test, res.pipeline);
      Map<String, Double> m = trainer.evaluator().evaluate(p, labels(data, test), thresholds(model));
      for (Map.Entry<String, Double> e : m.entrySet()) {
        metrics.put("test_" + e.getKey(), e.getValue());
      }
      metrics.put("rows_test", (double) test.length);
    }
    if (!v.crossValidation().enabled()) {
      String prefix = test.length > 0 ? "test_" : "val_";
      for (String name : plan.metrics()) {
        Double x = metrics.get(prefix + name);
        if (x != null) {
          metrics.put(name, x);
        }
      }
    }
    byte[] tokenizer = readTokenizer(res.tokenizerFile);
    StoredModel stored = new StoredModel(model.manifest(), model.pipeline(), model.weights(), null, tokenizer);
    Map<String, ArtifactRef> artifacts = stored.write(ctx.artifacts());
    measureLatency(stored, data, test.length > 0 ? test : finalVal, metrics);
    if (plan.source() != null) {
      metrics.put("transferred_layers", (double) plan.source().transferredLayers().size());
    }
    if (pseudo != null) {
      metrics.put("unlabelled_rows", pseudo[0]);
      metrics.put("pseudo_labelled_rows", pseudo[1]);
      metrics.put("pseudo_label_threshold", pseudo[2]);
    }
    List<String> failures = thresholds(plan, metrics, v.crossValidation().enabled());
    progress("model_validation", model.outcome().epochsRun(), cfg.hyperparameters().epochs(), 0, metrics,
        failures.isEmpty() ? "training finished" : "quality thresholds missed: " + failures);
    return new TrainingResult(artifacts, finite(metrics), loaded.fingerprints(), env.libraryVersions(), failures);
  }

  private static Map<String, Double> finite(Map<String, Double> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (v != null && Double.isFinite(v)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private void cancelledCheck(FoldTrainer.Fitted fitted, int fold) {
    if (fitted.outcome().cancelled()) {
      throw new CancellationException("training was cancelled during epoch " + (fitted.outcome().epochsRun() + 1)
          + (fold > 0 ? " of fold " + fold : " of the final model"));
    }
  }

  private static double[] thresholds(FoldTrainer.Fitted f) {
    double[] t = new double[f.manifest().tasks().size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = f.manifest().tasks().get(i).threshold();
    }
    return t;
  }

  private static List<int[]> labels(PreparedData data, int[] rows) {
    List<int[]> out = new ArrayList<>();
    for (int t = 0; t < data.labels().size(); t++) {
      out.add(data.labelsOf(rows, t));
    }
    return out;
  }

  private Splits.Split split(PreparedData data, int[] rows, double share, long seed) {
    ValidationStrategy s = cfg.validationConfig().strategy();
    if (s == ValidationStrategy.TIME_SERIES) {
      int[] ordered = timeOrder(data, rows);
      int cut = (int) Math.round(ordered.length * (1 - share));
      return new Splits.Split(Arrays.copyOfRange(ordered, 0, cut), Arrays.copyOfRange(ordered, cut, ordered.length));
    }
    if (s == ValidationStrategy.GROUP) {
      List<Splits.Split> g = Splits.group(rows, groups(data, rows), Math.max(2, (int) Math.round(1 / share)), seed);
      return g.get(0);
    }
    return Splits.holdout(rows, data.labelsOf(rows, 0), share, seed);
  }

  private Splits.Split innerSplit(PreparedData data, int[] rows, long seed) {
    return split(data, rows, VALIDATION_SHARE, seed ^ 0x1A7E5L);
  }

  private List<Splits.Split> folds(PreparedData data, int[] rows, long seed) {
    var cv = cfg.validationConfig().crossValidation();
    int k = cv.folds();
    return switch (cv.strategy()) {
      case K_FOLD -> Splits.kFold(rows, k, cv.shuffle(), seed);
      case STRATIFIED -> Splits.stratifiedKFold(rows, data.labelsOf(rows, 0), k, cv.shuffle(), seed);
      case TIME_SERIES -> Splits.timeSeries(timeOrder(data, rows), k);
      case GROUP -> {
        try {
          yield Splits.group(rows, groups(data, rows), k, seed);
        } catch (IllegalArgumentException e) {
          throw new ConfigurationException("TrainingConfiguration", List.of(new Violation(
              "validationConfig.crossValidation.folds", String.valueOf(k), "be at most the number of distinct values of '"
                  + cfg.validationConfig().groupField() + "': " + e.getMessage())));
        }
      }
      case HOLDOUT -> throw new IllegalStateException("holdout is not a fold strategy");
    };
  }

  private int[] timeOrder(PreparedData data, int[] rows) {
    String field = ConfigChecker.timeField(cfg);
    Integer[] boxed = Arrays.stream(rows).boxed().toArray(Integer[]::new);
    Arrays.sort(boxed, (a, b) -> {
      String x = data.table().value(a, field);
      String y = data.table().value(b, field);
      long tx = dev.modelkit.training.djl.internal.data.Cells.isMissing(x) ? Long.MIN_VALUE
          : dev.modelkit.training.djl.internal.data.Cells.instant(x).getEpochSecond();
      long ty = dev.modelkit.training.djl.internal.data.Cells.isMissing(y) ? Long.MIN_VALUE
          : dev.modelkit.training.djl.internal.data.Cells.instant(y).getEpochSecond();
      return tx != ty ? Long.compare(tx, ty) : Integer.compare(a, b);
    });
    return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
  }

  private String[] groups(PreparedData data, int[] rows) {
    String field = cfg.validationConfig().groupField();
    String[] g = new String[rows.length];
    for (int i = 0; i < rows.length; i++) {
      g[i] = String.valueOf(data.table().value(rows[i], field));
    }
    return g;
  }

  private void summarise(List<Map<String, Double>> folds, JobPlan plan, Map<String, Double> metrics) {
    Set<String> names = new LinkedHashSet<>(folds.get(0).keySet());
    for (String name : names) {
      double[] xs = folds.stream().mapToDouble(m -> m.getOrDefault(name, Double.NaN)).toArray();
      double mean = Arrays.stream(xs).average().orElse(Double.NaN);
      double var = 0;
      for (double x : xs) {
        var += (x - mean) * (x - mean);
      }
      double std = xs.length > 1 ? Math.sqrt(var / (xs.length - 1)) : 0;
      metrics.put("cv_" + name + "_mean", mean);
      metrics.put("cv_" + name + "_std", std);
      metrics.put(name, mean);
    }
    for (int f = 0; f < folds.size(); f++) {
      Double x = folds.get(f).get(plan.primaryMetric());
      if (x != null) {
        metrics.put("fold_" + (f + 1) + "_" + plan.primaryMetric(), x);
      }
    }
    double mean = metrics.getOrDefault("cv_" + plan.primaryMetric() + "_mean", Double.NaN);
    double std = metrics.getOrDefault("cv_" + plan.primaryMetric() + "_std", Double.NaN);
    if (Double.isFinite(mean) && mean != 0) {
      metrics.put("reliability", Math.max(0, 1 - std / Math.abs(mean)));
    }
  }

  private void measureLatency(StoredModel stored, PreparedData data, int[] rows, Map<String, Double> metrics) {
    if (rows.length == 0) {
      return;
    }
    try (DjlPredictor p = env.open(stored)) {
      List<Map<String, Object>> requests = new ArrayList<>();
      for (int i = 0; i < Math.min(rows.length, LATENCY_ROWS); i++) {
        requests.add(data.table().request(rows[i], p.inputFields()));
      }
      for (int i = 0; i < 50; i++) {
        p.predict(requests.get(i % requests.size()));
      }
      long[] ns = new long[requests.size()];
      for (int i = 0; i < requests.size(); i++) {
        long t0 = System.nanoTime();
        Prediction pr = p.predict(requests.get(i));
        ns[i] = System.nanoTime() - t0;
        if (!pr.ok()) {
          throw new TrainingException("the trained model could not score " + data.table().where(rows[i]) + ": " + pr.error());
        }
      }
      Arrays.sort(ns);
      metrics.put("latency_p50_ms", ns[ns.length / 2] / 1e6);
      metrics.put("latency_p95_ms", ns[(int) Math.ceil(ns.length * 0.95) - 1] / 1e6);
    }
  }

  private List<String> thresholds(JobPlan plan, Map<String, Double> metrics, boolean folds) {
    QualityThresholds q = cfg.trainingObjective().qualityThresholds();
    List<String> out = new ArrayList<>();
    String where = folds ? "cross-validated mean" : metrics.containsKey("test_accuracy") ? "test set" : "validation set";
    if (q.minAccuracy() != null) {
      String metric = Metrics.minimized(plan.primaryMetric()) || plan.customMetrics().containsKey(plan.primaryMetric())
          ? "accuracy" : plan.primaryMetric();
      Double value = metrics.get(metric);
      if (value == null || value < q.minAccuracy()) {
        out.add(String.format(Locale.ROOT, "minAccuracy %.4f not met: %s was %s (%s)", q.minAccuracy(), metric,
            fmt(value), where));
      }
    }
    if (q.maxLatency() != null) {
      Double p95 = metrics.get("latency_p95_ms");
      if (p95 == null || p95 > q.maxLatency()) {
        out.add(String.format(Locale.ROOT, "maxLatency %.3f ms not met: single-row inference p95 was %s ms", q.maxLatency(),
            fmt(p95)));
      }
    }
    if (q.minReliability() != null) {
      Double r = metrics.get("reliability");
      if (r == null || r < q.minReliability()) {
        out.add(String.format(Locale.ROOT, "minReliability %.4f not met: reliability (1 - coefficient of variation of %s"
            + " across folds) was %s", q.minReliability(), plan.primaryMetric(), fmt(r)));
      }
    }
    return out;
  }

  private static String fmt(Double d) {
    return d == null ? "unavailable" : String.format(Locale.ROOT, "%.4f", d);
  }

  private static byte[] readTokenizer(Path file) {
    if (file == null) {
      return null;
    }
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new TrainingException("tokenizer file " + file + " could not be read: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // progress and checkpoints

  private FoldTrainer.Hooks hooks(int fold, List<Map<String, Double>> completed, String phase) {
    var strategy = cfg.advancedConfig().checkpointStrategy();
    int epochs = cfg.hyperparameters().epochs();
    return new FoldTrainer.Hooks() {
      @Override
      public boolean cancelled() {
        return ctx.cancelled();
      }

      @Override
      public void epoch(int epoch, double loss, double rate, Map<String, Double> validation) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("learning_rate", rate);
        validation.forEach((k, x) -> {
          if (Double.isFinite(x)) {
            m.put("val_" + k, x);
          }
        });
        progress("model_training", epoch, epochs, fold, m, null);
      }

      @Override
      public boolean wantsCheckpoint(int epoch, boolean improved) {
        return strategy.enabled() && epoch % strategy.everyEpochs() == 0 && (!strategy.bestOnly() || improved);
      }

      @Override
      public void checkpoint(int epoch, byte[] state, Map<String, Double> validation) {
        TrainingRun.this.checkpoint(new RunCheckpoint(configSha, phase, fold, epoch, completed, state), fold,
            validation);
      }
    };
  }

  private void checkpoint(RunCheckpoint c, int fold, Map<String, Double> metrics) {
    if (!cfg.advancedConfig().checkpointStrategy().enabled()) {
      return;
    }
    ArtifactRef ref = ctx.artifacts().put(c.toBytes());
    ctx.checkpoint(c.epoch(), fold, ref, finite(metrics));
  }

  private RunCheckpoint resumePoint() {
    var last = ctx.lastCheckpoint();
    if (last.isEmpty()) {
      return null;
    }
    RunCheckpoint c;
    try {
      c = RunCheckpoint.fromBytes(ctx.artifacts().read(last.get().artifact()));
    } catch (RuntimeException e) {
      LOG.warn("checkpoint {} is unreadable ({}); training from the start", last.get().artifact(), e.toString());
      notes.add("checkpoint unreadable, restarted: " + e.getMessage());
      return null;
    }
    if (!configSha.equals(c.configurationSha256())) {
      LOG.warn("checkpoint {} was made by another configuration; training from the start", last.get().artifact());
      return null;
    }
    progress("model_training", c.epoch(), cfg.hyperparameters().epochs(), c.fold(), Map.of(),
        "resuming from the checkpoint after epoch " + c.epoch() + ("cv".equals(c.phase()) ? " of fold " + c.fold()
            : " of the final model"));
    return c;
  }

  private void progress(String stage, int epoch, int fold, Map<String, Double> metrics, String message) {
    progress(stage, epoch, cfg.hyperparameters().epochs(), fold, metrics, message);
  }

  private void progress(String stage, int epoch, int total, int fold, Map<String, Double> metrics, String message) {
    ctx.progress(stage, epoch, total, fold, finite(metrics), message);
  }

  private int sourceCount() {
    return cfg.datasetConfig().trainingData().size() + cfg.datasetConfig().validationData().size()
        + cfg.datasetConfig().testData().size();
  }

  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper CANONICAL = com.fasterxml.jackson.databind.json.JsonMapper
      .builder()
      .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
      .build()
      .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
          .addSerializer(java.time.Instant.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance)
          .addSerializer(dev.modelkit.config.Quantity.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance));

  /**
   * @param cfg a configuration
   * @return its JSON with sorted keys, stable across processes (record toString is not: the
   *     iteration order of immutable maps is randomised per JVM)
   */
  static String canonicalJson(TrainingConfiguration cfg) {
    try {
      return CANONICAL.writeValueAsString(cfg);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("configuration could not be written as JSON: " + e.getMessage(), e);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
