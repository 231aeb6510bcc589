package dev.modelkit.training.djl.internal.run;

import dev.modelkit.training.ClassWeighting;
import dev.modelkit.training.TrainingHyperparameters;
import dev.modelkit.training.djl.internal.data.Table;
import dev.modelkit.training.djl.internal.eval.Metrics;
import dev.modelkit.training.djl.internal.features.FeaturePipeline;
import dev.modelkit.training.djl.internal.features.PipelineFitter;
import dev.modelkit.training.djl.internal.features.PipelineResources;
import dev.modelkit.training.djl.internal.nn.LearningRateSchedule;
import dev.modelkit.training.djl.internal.nn.NamedWeights;
import dev.modelkit.training.djl.internal.nn.NetworkTrainer;
import dev.modelkit.training.djl.internal.nn.TabularNetwork;
import dev.modelkit.training.djl.internal.serving.DjlPredictor;
import dev.modelkit.training.djl.internal.serving.ModelManifest;
import dev.modelkit.training.djl.internal.serving.NetworkRunner;
import dev.modelkit.spi.Prediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Trains one model on one set of training rows: fits the preprocessing on those rows only,
 * encodes, augments, weights classes, trains the network, then picks the decision threshold and
 * fits the calibration on the validation rows.
 */
final class FoldTrainer {

  /**
   * A trained fold.
   *
   * @param pipeline the fitted preprocessing
   * @param weights the network's weights
   * @param manifest the model's manifest
   * @param outcome how training went
   * @param validation metrics on the validation rows at the chosen threshold, empty without them
   * @param memberMetrics for an ensemble, per member: {@code member_<name>_epochs_run}, {@code _best_epoch}
   *     and {@code _val_<metric>} (at the member's own threshold); empty for one network
   */
  record Fitted(FeaturePipeline pipeline, NamedWeights weights, ModelManifest manifest, NetworkTrainer.Outcome outcome,
      Map<String, Double> validation, Map<String, Double> memberMetrics) {

    Fitted(FeaturePipeline pipeline, NamedWeights weights, ModelManifest manifest, NetworkTrainer.Outcome outcome,
        Map<String, Double> validation) {
      this(pipeline, weights, manifest, outcome, validation, Map.of());
    }
  }

  /** Callbacks to the job. */
  interface Hooks {
    boolean cancelled();

    void epoch(int epoch, double loss, double rate, Map<String, Double> validation);

    boolean wantsCheckpoint(int epoch, boolean improved);

    void checkpoint(int epoch, byte[] state, Map<String, Double> validation);
  }

  private final JobPlan plan;
  private final Evaluator evaluator;
  private final Map<String, String> libraries;

  FoldTrainer(JobPlan plan, Map<String, String> libraries) {
    this.plan = plan;
    this.evaluator = new Evaluator(plan.tasks(), plan.customMetrics());
    this.libraries = libraries;
  }

  Evaluator evaluator() {
    return evaluator;
  }

  Fitted fit(Table table, List<int[]> labels, int[] trainRows, int[] valRows, long seed, PipelineResources resources,
      Hooks hooks, byte[] resume) {
    return fit(table, labels, trainRows, valRows, seed, resources, hooks, resume, plan.hyperparameters().epochs());
  }

  /**
   * Trains again from scratch on every development row (training and validation rows together)
   * for the number of epochs the selected model was chosen at, keeping the selected model's
   * decision thresholds and calibration, which only held-out rows can set. Nothing is held out,
   * so nothing is early-stopped or checkpointed here.
   *
   * @param selected the model fitted with a validation split
   * @param allRows training and validation rows
   * @param epochs how many epochs to train
   * @return the refitted model, reporting the selected model's validation metrics
   */
  Fitted refit(Fitted selected, Table table, List<int[]> labels, int[] allRows, int epochs, long seed,
      PipelineResources resources, Hooks hooks) {
    Fitted f = fit(table, labels, allRows, new int[0], seed, resources, noCheckpoints(hooks), null, epochs);
    return new Fitted(f.pipeline(), f.weights(), manifest(f.pipeline(), selected.manifest().tasks(),
        plan.members().get(0)), f.outcome(), selected.validation());
  }

  private Fitted fit(Table table, List<int[]> labels, int[] trainRows, int[] valRows, long seed,
      PipelineResources resources, Hooks hooks, byte[] resume, int epochs) {
    FeaturePipeline pipeline = new PipelineFitter(plan.preprocessing(), plan.tokenizer(), plan.sentenceEncoder())
        .fit(table, trainRows, plan.inputs(), resources);
    int[] rows = plan.augmentation() == null || plan.augmentation().minorityOversampling() <= 0
        ? trainRows : oversample(trainRows, labels.get(0), plan.augmentation().minorityOversampling(), seed);
    float[][] x;
    if (plan.augmentation() != null && plan.augmentation().textTokenDropout() > 0) {
      resources.augment(new Random(seed ^ 0x5DEECE66DL), plan.augmentation().textTokenDropout());
      try {
        x = pipeline.transform(table, rows, resources);
      } finally {
        resources.augment(null, 0);
      }
    } else {
      x = pipeline.transform(table, rows, resources);
    }
    List<NetworkTrainer.Task> tasks = new ArrayList<>();
    for (int t = 0; t < plan.tasks().size(); t++) {
      TaskPlan task = plan.tasks().get(t);
      int[] y = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        y[i] = labels.get(t)[rows[i]];
      }
      float[] w = t == 0 ? classWeights(y, task.classes(), plan.classWeighting()) : ones(y.length);
      tasks.add(new NetworkTrainer.Task(task.classes().size(), y, w));
    }
    float[][] soft = plan.teacher() == null ? null : teacherSoft(table, rows);
    float[][] valX = valRows.length == 0 ? null : pipeline.transform(table, valRows, resources);
    List<int[]> valLabels = new ArrayList<>();
    for (int t = 0; t < plan.tasks().size(); t++) {
      int[] y = new int[valRows.length];
      for (int i = 0; i < valRows.length; i++) {
        y[i] = labels.get(t)[valRows[i]];
      }
      valLabels.add(y);
    }
    List<String> heads = new ArrayList<>();
    List<Integer> classes = new ArrayList<>();
    for (TaskPlan t : plan.tasks()) {
      heads.add(t.head());
      classes.add(t.classes().size());
    }
    List<JobPlan.Member> members = plan.members();
    boolean ensemble = !plan.ensemble().isEmpty();
    List<MemberFit> fits = new ArrayList<>();
    for (int m = 0; m < members.size(); m++) {
      JobPlan.Member member = members.get(m);
      // members share the rows and the preprocessing; each starts from its own seed
      long memberSeed = m == 0 ? seed : seed ^ (0x9E3779B97F4A7C15L * m);
      MemberFit f = trainMember(member, ensemble ? member.hyperparameters().epochs() : epochs, pipeline, x, rows.length,
          tasks, soft, valX, valLabels, heads, classes, memberSeed, ensemble ? noCheckpoints(hooks) : hooks,
          ensemble ? null : resume);
      fits.add(f);
      if (f.outcome().cancelled()) {
        break;
      }
    }
    if (!ensemble) {
      MemberFit f = fits.get(0);
      return new Fitted(pipeline, f.weights(), manifest(pipeline, f.specs(), members.get(0)), f.outcome(),
          f.validation());
    }
    return combine(pipeline, members, fits, valX != null, valLabels);
  }

  /**
   * One trained network with its calibration.
   *
   * @param weights its weights
   * @param specs its tasks with calibration and threshold
   * @param outcome how training went
   * @param validation validation metrics at its thresholds, empty without validation rows
   * @param probabilities per task, its calibrated validation probabilities (empty without them)
   */
  private record MemberFit(NamedWeights weights, List<ModelManifest.TaskSpec> specs, NetworkTrainer.Outcome outcome,
      Map<String, Double> validation, List<double[][]> probabilities) {}

  private MemberFit trainMember(JobPlan.Member member, int epochs, FeaturePipeline pipeline, float[][] x, int rowCount,
      List<NetworkTrainer.Task> tasks, float[][] soft, float[][] valX, List<int[]> valLabels, List<String> heads,
      List<Integer> classes, long seed, Hooks hooks, byte[] resume) {
    TrainingHyperparameters hp = member.hyperparameters();
    TabularNetwork net = new TabularNetwork(pipeline.width(), hp.hiddenUnits(), member.dropout(), heads, classes,
        plan.uncertaintyWeights());
    int stepsPerEpoch = (int) Math.ceil((double) rowCount / hp.batchSize() / plan.accumulation());
    int totalSteps = Math.max(1, stepsPerEpoch * epochs);
    LearningRateSchedule schedule = new LearningRateSchedule(hp.learningRate(), hp.schedulerConfig().type(),
        warmup(hp, totalSteps), totalSteps);
    List<Float> taskWeights = new ArrayList<>();
    for (TaskPlan t : plan.tasks()) {
      taskWeights.add(t.weight());
    }
    NetworkTrainer.Options options = new NetworkTrainer.Options(epochs, hp.batchSize(), plan.accumulation(),
        hp.gradientClipping() == null ? 0 : hp.gradientClipping(), hp.optimizerConfig(), hp.weightDecay(), schedule,
        plan.labelSmoothing(), plan.augmentation() == null ? 0 : plan.augmentation().numericNoise(),
        pipeline.continuousMask(), seed, plan.validationFrequency(), valX == null ? null : member.earlyStopping(),
        plan.layerPlan(), plan.devices(), plan.teacher() == null ? null : new double[] {plan.temperature(), plan.alpha()},
        taskWeights);
    double[] halves = new double[plan.tasks().size()];
    Arrays.fill(halves, 0.5);
    NetworkTrainer.Listener listener = new NetworkTrainer.Listener() {
      @Override
      public boolean cancelled() {
        return hooks.cancelled();
      }

      @Override
      public Map<String, Double> validate(List<double[][]> probabilities) {
        return evaluator.evaluate(probabilities, valLabels, halves);
      }

      @Override
      public void epoch(int epoch, double loss, double rate, Map<String, Double> validation) {
        hooks.epoch(epoch, loss, rate, validation);
      }

      @Override
      public boolean wantsCheckpoint(int epoch, boolean improved) {
        return hooks.wantsCheckpoint(epoch, improved);
      }

      @Override
      public void checkpoint(int epoch, byte[] state, Map<String, Double> validation) {
        hooks.checkpoint(epoch, state, validation);
      }
    };
    NetworkTrainer.Outcome outcome = new NetworkTrainer().fit(net, new NetworkTrainer.Data(x, tasks, soft), valX, options,
        listener, plan.source() == null ? null : n -> transfer(n, pipeline.featureNames()), resume);
    List<ModelManifest.TaskSpec> specs = new ArrayList<>();
    Map<String, Double> validation = Map.of();
    List<double[][]> probabilities = new ArrayList<>();
    ModelManifest draft = manifest(pipeline, defaultSpecs(), member);
    if (valX != null && !outcome.cancelled()) {
      try (NetworkRunner runner = new NetworkRunner(draft, outcome.weights(), 1)) {
        float[][][] logits = runner.logits(valX);
        double[] thresholds = new double[plan.tasks().size()];
        for (int t = 0; t < plan.tasks().size(); t++) {
          TaskPlan task = plan.tasks().get(t);
          ModelManifest.TaskSpec spec = calibrate(task, logits[t], valLabels.get(t));
          double[][] p = probabilities(spec, logits[t]);
          if (task.positive() >= 0 && task.classes().size() == 2) {
            double[] best = Metrics.bestF1Threshold(valLabels.get(t), p, task.positive());
            spec = withThreshold(spec, best[0]);
          }
          thresholds[t] = spec.threshold();
          specs.add(spec);
          probabilities.add(p);
        }
        validation = evaluator.evaluate(probabilities, valLabels, thresholds);
      }
    } else {
      specs = defaultSpecs();
    }
    return new MemberFit(outcome.weights(), specs, outcome, validation, probabilities);
  }

  /**
   * Makes the ensemble: members' weights under {@code m<i>/}, each member's own calibration, and
   * per task a threshold chosen (best F1, as for one network) on the members' mean calibrated
   * validation probabilities, on which the ensemble's validation metrics are computed too.
   */
  private Fitted combine(FeaturePipeline pipeline, List<JobPlan.Member> members, List<MemberFit> fits,
      boolean validated, List<int[]> valLabels) {
    NamedWeights all = new NamedWeights();
    List<ModelManifest.Member> specs = new ArrayList<>();
    int epochsRun = 0;
    int bestEpoch = 0;
    boolean stoppedEarly = true;
    for (int m = 0; m < fits.size(); m++) {
      MemberFit f = fits.get(m);
      all.putAll(ModelManifest.memberPrefix(m), f.weights());
      specs.add(new ModelManifest.Member(members.get(m).name(), members.get(m).hyperparameters().hiddenUnits(),
          f.specs()));
      epochsRun = Math.max(epochsRun, f.outcome().epochsRun());
      bestEpoch = Math.max(bestEpoch, f.outcome().bestEpoch());
      stoppedEarly &= f.outcome().stoppedEarly();
    }
    MemberFit last = fits.get(fits.size() - 1);
    if (last.outcome().cancelled()) {
      return new Fitted(pipeline, all, manifest(pipeline, defaultSpecs(), members.get(0)), last.outcome(), Map.of());
    }
    List<ModelManifest.TaskSpec> top = new ArrayList<>(defaultSpecs());
    Map<String, Double> validation = Map.of();
    if (validated) {
      List<double[][][]> perMember = new ArrayList<>();
      for (MemberFit f : fits) {
        perMember.add(f.probabilities().toArray(new double[0][][]));
      }
      List<double[][]> mean = List.of(DjlPredictor.mean(perMember));
      double[] thresholds = new double[plan.tasks().size()];
      for (int t = 0; t < plan.tasks().size(); t++) {
        TaskPlan task = plan.tasks().get(t);
        if (task.positive() >= 0 && task.classes().size() == 2) {
          top.set(t, withThreshold(top.get(t), Metrics.bestF1Threshold(valLabels.get(t), mean.get(t),
              task.positive())[0]));
        }
        thresholds[t] = top.get(t).threshold();
      }
      validation = evaluator.evaluate(mean, valLabels, thresholds);
    }
    ModelManifest manifest = new ModelManifest(ModelManifest.ENSEMBLE_FORMAT, ModelManifest.TABULAR_MLP,
        pipeline.width(), List.of(), plan.uncertaintyWeights(), top, pipeline.featureNames(), pipeline.inputFields(),
        libraries, specs);
    NetworkTrainer.Outcome outcome = new NetworkTrainer.Outcome(all, epochsRun, bestEpoch, validation, stoppedEarly,
        false, fits.get(0).outcome().losses());
    Map<String, Double> details = new java.util.LinkedHashMap<>();
    for (int m = 0; m < fits.size(); m++) {
      String prefix = "member_" + members.get(m).name() + "_";
      details.put(prefix + "epochs_run", (double) fits.get(m).outcome().epochsRun());
      details.put(prefix + "best_epoch", (double) fits.get(m).outcome().bestEpoch());
      for (Map.Entry<String, Double> e : fits.get(m).validation().entrySet()) {
        details.put(prefix + "val_" + e.getKey(), e.getValue());
      }
    }
    return new Fitted(pipeline, all, manifest, outcome, validation, details);
  }

  /**
   * The job's hooks without checkpoints, for a refit (nothing held out, nothing to resume into) and
   * for ensemble members (an ensemble checkpoints between folds only).
   */
  private static Hooks noCheckpoints(Hooks hooks) {
    return new Hooks() {
      @Override
      public boolean cancelled() {
        return hooks.cancelled();
      }

      @Override
      public void epoch(int epoch, double loss, double rate, Map<String, Double> validation) {
        hooks.epoch(epoch, loss, rate, validation);
      }

      @Override
      public boolean wantsCheckpoint(int epoch, boolean improved) {
        return false;
      }

      @Override
      public void checkpoint(int epoch, byte[] state, Map<String, Double> validation) {
        throw new IllegalStateException("a refit or an ensemble member keeps no checkpoints");
      }
    };
  }

  /**
   * @param fitted a trained fold
   * @param table the data
   * @param rows rows to score
   * @param resources tokenizers and encoders
   * @return per task, class probabilities per row (calibrated)
   */
  List<double[][]> score(Fitted fitted, Table table, int[] rows, PipelineResources resources) {
    float[][] x = fitted.pipeline().transform(table, rows, resources);
    List<NetworkRunner> runners = DjlPredictor.runners(fitted.manifest(), fitted.weights(), 1);
    try {
      return List.of(DjlPredictor.probabilities(fitted.manifest(), runners, x));
    } finally {
      runners.forEach(NetworkRunner::close);
    }
  }

  private static double[][] probabilities(ModelManifest.TaskSpec spec, float[][] logits) {
    double[][] p = new double[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      p[i] = spec.probabilities(logits[i]);
    }
    return p;
  }

  private ModelManifest.TaskSpec calibrate(TaskPlan task, float[][] logits, int[] actual) {
    ModelManifest.TaskSpec base = new ModelManifest.TaskSpec(task.name(), task.head(), task.field(), task.classes(),
        task.positive(), 0.5, "none", 1, 0);
    if (!plan.calibrate() || logits.length == 0) {
      return base;
    }
    if (task.classes().size() == 2 && task.positive() >= 0) {
      int pos = task.positive();
      double[] z = new double[logits.length];
      boolean[] y = new boolean[logits.length];
      for (int i = 0; i < z.length; i++) {
        z[i] = logits[i][pos] - logits[i][1 - pos];
        y[i] = actual[i] == pos;
      }
      double[] ab = Calibration.platt(z, y);
      return new ModelManifest.TaskSpec(task.name(), task.head(), task.field(), task.classes(), pos, 0.5, "platt",
          ab[0], ab[1]);
    }
    return new ModelManifest.TaskSpec(task.name(), task.head(), task.field(), task.classes(), task.positive(), 0.5,
        "temperature", Calibration.temperature(logits, actual), 0);
  }

  private static ModelManifest.TaskSpec withThreshold(ModelManifest.TaskSpec s, double threshold) {
    return new ModelManifest.TaskSpec(s.name(), s.head(), s.field(), s.classes(), s.positiveClass(), threshold,
        s.calibration(), s.a(), s.b());
  }

  private List<ModelManifest.TaskSpec> defaultSpecs() {
    List<ModelManifest.TaskSpec> specs = new ArrayList<>();
    for (TaskPlan t : plan.tasks()) {
      specs.add(new ModelManifest.TaskSpec(t.name(), t.head(), t.field(), t.classes(), t.positive(), 0.5, "none", 1, 0));
    }
    return specs;
  }

  private ModelManifest manifest(FeaturePipeline pipeline, List<ModelManifest.TaskSpec> specs, JobPlan.Member member) {
    return new ModelManifest(ModelManifest.FORMAT, ModelManifest.TABULAR_MLP, pipeline.width(),
        member.hyperparameters().hiddenUnits(), plan.uncertaintyWeights(), specs, pipeline.featureNames(),
        pipeline.inputFields(), libraries);
  }

  private static int warmup(TrainingHyperparameters hp, int totalSteps) {
    var sc = hp.schedulerConfig();
    if (sc.warmupSteps() != null) {
      return Math.min(sc.warmupSteps(), totalSteps);
    }
    if (hp.warmupSteps() > 0) {
      return Math.min(hp.warmupSteps(), totalSteps);
    }
    Double ratio = sc.parameters().get("warmup_ratio");
    return ratio == null ? 0 : (int) Math.round(ratio * totalSteps);
  }

  /**
   * Copies the source model's weights: inner hidden layers by name and shape; the first layer
   * column by column, matching features by name, so models with different feature sets share what
   * they have in common (new features keep their seeded initial weights); heads row by row,
   * matching classes by name.
   */
  private void transfer(TabularNetwork net, List<String> featureNames) {
    JobPlan.SourceModel src = plan.source();
    Map<String, ai.djl.nn.Parameter> params = net.namedParameters();
    String first = net.hidden().isEmpty() ? null : "hidden_1";
    Set<String> inner = new HashSet<>();
    for (int i = 2; i <= net.hidden().size(); i++) {
      inner.add("hidden_" + i + ".weight");
      inner.add("hidden_" + i + ".bias");
    }
    Set<String> copied = new HashSet<>(src.weights().restore(params, inner));
    if (first != null && copyColumns(src, params, first, featureNames)) {
      copied.add(first + ".weight");
      copyIfSameShape(src, params, first + ".bias", copied);
    }
    for (TaskPlan t : plan.tasks()) {
      List<String> sourceClasses = src.headClasses().get(t.head());
      if (sourceClasses == null || !new HashSet<>(sourceClasses).equals(new HashSet<>(t.classes()))) {
        continue;
      }
      if (first == null) {
        if (!copyColumns(src, params, t.head(), featureNames)) {
          continue;
        }
      } else {
        NamedWeights.Tensor w = src.weights().get(t.head() + ".weight");
        ai.djl.nn.Parameter target = params.get(t.head() + ".weight");
        if (w == null || target == null || w.values().length != target.getArray().getShape().size()) {
          continue;
        }
        dev.modelkit.training.djl.internal.nn.NamedWeights.copyInto(target.getArray(), w.values());
      }
      permuteRows(params.get(t.head() + ".weight"), sourceClasses, t.classes());
      NamedWeights.Tensor b = src.weights().get(t.head() + ".bias");
      ai.djl.nn.Parameter bias = params.get(t.head() + ".bias");
      if (b != null && bias != null && b.values().length == t.classes().size()) {
        float[] v = new float[b.values().length];
        for (int c = 0; c < v.length; c++) {
          v[c] = b.values()[sourceClasses.indexOf(t.classes().get(c))];
        }
        dev.modelkit.training.djl.internal.nn.NamedWeights.copyInto(bias.getArray(), v);
      }
      copied.add(t.head() + ".weight");
    }
    for (String name : copied) {
      src.transferredLayers().add(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
    }
  }

  /** Copies the columns of a layer's weight whose input features the source also had. */
  private static boolean copyColumns(JobPlan.SourceModel src, Map<String, ai.djl.nn.Parameter> params, String layer,
      List<String> featureNames) {
    NamedWeights.Tensor w = src.weights().get(layer + ".weight");
    ai.djl.nn.Parameter target = params.get(layer + ".weight");
    if (w == null || target == null || w.shape()[0] != target.getArray().getShape().get(0)) {
      return false;
    }
    Map<String, Integer> srcIndex = new HashMap<>();
    for (int i = 0; i < src.featureNames().size(); i++) {
      srcIndex.put(src.featureNames().get(i), i);
    }
    int units = (int) w.shape()[0];
    int srcWidth = (int) w.shape()[1];
    int width = featureNames.size();
    float[] values = target.getArray().toFloatArray();
    int matched = 0;
    for (int j = 0; j < width; j++) {
      Integer k = srcIndex.get(featureNames.get(j));
      if (k == null) {
        continue;
      }
      matched++;
      for (int u = 0; u < units; u++) {
        values[u * width + j] = w.values()[u * srcWidth + k];
      }
    }
    if (matched > 0) {
      dev.modelkit.training.djl.internal.nn.NamedWeights.copyInto(target.getArray(), values);
    }
    return matched > 0;
  }

  private static void copyIfSameShape(JobPlan.SourceModel src, Map<String, ai.djl.nn.Parameter> params, String name,
      Set<String> copied) {
    NamedWeights.Tensor t = src.weights().get(name);
    ai.djl.nn.Parameter p = params.get(name);
    if (t != null && p != null && t.values().length == p.getArray().getShape().size()) {
      dev.modelkit.training.djl.internal.nn.NamedWeights.copyInto(p.getArray(), t.values());
      copied.add(name);
    }
  }

  /** Reorders a head's rows (one per class) from the source's class order to the target's. */
  private static void permuteRows(ai.djl.nn.Parameter weight, List<String> from, List<String> to) {
    float[] current = weight.getArray().toFloatArray();
    int rows = to.size();
    int cols = current.length / rows;
    float[] out = new float[current.length];
    for (int r = 0; r < rows; r++) {
      int s = from.indexOf(to.get(r));
      System.arraycopy(current, s * cols, out, r * cols, cols);
    }
    dev.modelkit.training.djl.internal.nn.NamedWeights.copyInto(weight.getArray(), out);
  }

  private float[][] teacherSoft(Table table, int[] rows) {
    List<Map<String, Object>> requests = new ArrayList<>(rows.length);
    for (int r : rows) {
      requests.add(table.request(r, plan.teacher().inputFields()));
    }
    List<Prediction> predictions = plan.teacher().predictBatch(requests);
    List<String> classes = plan.tasks().get(0).classes();
    float[][] soft = new float[rows.length][classes.size()];
    for (int i = 0; i < rows.length; i++) {
      Prediction p = predictions.get(i);
      double sum = 0;
      double[] s = new double[classes.size()];
      for (int c = 0; c < classes.size(); c++) {
        s[c] = Math.pow(Math.max(1e-12, p.probability(classes.get(c))), 1.0 / plan.temperature());
        sum += s[c];
      }
      for (int c = 0; c < classes.size(); c++) {
        soft[i][c] = (float) (s[c] / sum);
      }
    }
    return soft;
  }

  private static float[] ones(int n) {
    float[] w = new float[n];
    Arrays.fill(w, 1f);
    return w;
  }

  private static float[] classWeights(int[] y, List<String> classes, ClassWeighting weighting) {
    float[] perClass = new float[classes.size()];
    Arrays.fill(perClass, 1f);
    if (weighting.mode() == ClassWeighting.Mode.BALANCED) {
      int[] counts = new int[classes.size()];
      for (int v : y) {
        counts[v]++;
      }
      for (int c = 0; c < counts.length; c++) {
        perClass[c] = counts[c] == 0 ? 0f : (float) y.length / (classes.size() * counts[c]);
      }
    } else if (weighting.mode() == ClassWeighting.Mode.MANUAL) {
      for (int c = 0; c < classes.size(); c++) {
        perClass[c] = weighting.weights().getOrDefault(classes.get(c), 1.0).floatValue();
      }
    }
    float[] w = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      w[i] = perClass[y[i]];
    }
    return w;
  }

  private static int[] oversample(int[] rows, int[] labels, double ratio, long seed) {
    Map<Integer, List<Integer>> byClass = new java.util.TreeMap<>();
    for (int r : rows) {
      byClass.computeIfAbsent(labels[r], c -> new ArrayList<>()).add(r);
    }
    int max = byClass.values().stream().mapToInt(List::size).max().orElse(0);
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
    List<Integer> out = new ArrayList<>();
    for (int r : rows) {
      out.add(r);
    }
    for (List<Integer> members : byClass.values()) {
      int target = (int) Math.ceil(ratio * max);
      for (int k = members.size(); k < target; k++) {
        out.add(members.get(rnd.nextInt(members.size())));
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
