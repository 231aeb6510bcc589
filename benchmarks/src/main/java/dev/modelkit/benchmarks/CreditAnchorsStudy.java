package dev.modelkit.benchmarks;

import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.AdvancedTrainingConfig;
import dev.modelkit.training.ClassWeighting;
import dev.modelkit.training.CrossValidationConfig;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.EarlyStoppingConfig;
import dev.modelkit.training.EnsembleMember;
import dev.modelkit.training.MetricConfig;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.OptimizerConfig;
import dev.modelkit.training.OptimizerType;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.RegularizationConfig;
import dev.modelkit.training.SchedulerConfig;
import dev.modelkit.training.SchedulerType;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingHyperparameters;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import dev.modelkit.training.djl.PyTorchTrainingEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * ModelKit beside two anchors on the same folds: German Credit (1,000 rows, {@code bad} positive)
 * and Lending Club (9,857 rows, 5% {@code bad}), each cut here into stratified 5-fold splits with
 * seed 42 (another with {@code -Dmodelkit.study.seed=N}). Every fold's training and test rows are written to temp files in the
 * source's own format; then on exactly those rows
 *
 * <ol>
 *   <li>ModelKit trains through the real {@link PyTorchTrainingEngine} with the fold's test file as
 *       {@code testData} and reports {@code test_roc_auc}; when a data set lists several candidate
 *       configurations, the engine's own cross-validation on the training fold picks one (see
 *       {@link Study});
 *   <li>XGBoost4J 3.4.0 with default parameters ({@link XgboostAnchor});
 *   <li>a converged L2 logistic regression with its penalty chosen by inner cross-validation on the
 *       training fold ({@link LogisticAnchor}).
 * </ol>
 *
 * <p>All three ROC AUCs come from one function, {@link RocAuc}, over the test rows (ModelKit's own
 * {@code test_roc_auc} is printed beside it as a cross-check). This measures quality, not speed, so
 * it is a bounded {@code main}, not a JMH benchmark. Run from the repository root:
 *
 * <pre>
 * mvn -q -o -pl benchmarks -am package -DskipTests
 * java -Dai.djl.offline=true -Dmodelkit.data=data -cp benchmarks/target/benchmarks.jar \
 *     dev.modelkit.benchmarks.CreditAnchorsStudy [german|lending|both]
 * </pre>
 */
public final class CreditAnchorsStudy {
  /** The seed of the fold assignment and of every model: 42 unless {@code modelkit.study.seed} says otherwise. */
  static final long SEED = Long.getLong("modelkit.study.seed", 42);
  static final int FOLDS = 5;

  private CreditAnchorsStudy() {}

  /**
   * One ModelKit configuration the study may pick.
   *
   * @param name short name printed in the table
   * @param hyperparameters the engine's hyperparameters
   * @param dropout dropout between hidden layers
   * @param patience early-stopping patience in epochs (on an inner 20% of the training rows), 0 for none
   */
  record Candidate(String name, TrainingHyperparameters hyperparameters, double dropout, int patience) {}

  /**
   * One data set of the study and ModelKit's candidate configurations for it. With more than one
   * candidate, each is cross-validated by the engine itself on the training fold only ({@code
   * innerFolds} stratified folds) and the one with the best inner mean ROC AUC is the single network
   * chosen for that fold; the test fold never takes part in the choice. With {@code ensemble},
   * ModelKit's reported model is instead one engine job whose {@code advancedConfig.ensemble} lists
   * every candidate (no choice at all), and the chosen single network is printed beside it.
   */
  record Study(String name, String file, String label, DataFormat format, boolean classWeighting,
      List<Candidate> candidates, int innerFolds, boolean ensemble) {}

  private static TrainingHyperparameters.Builder adamw(double rate, int batch, int epochs, double decay,
      List<Integer> hidden) {
    return TrainingHyperparameters.builder().learningRate(rate).batchSize(batch).epochs(epochs).weightDecay(decay)
        .optimizerConfig(new OptimizerConfig(OptimizerType.ADAMW, Map.of())).hiddenUnits(hidden).seed(SEED);
  }

  private static TrainingHyperparameters.Builder adam(double rate, int batch, int epochs, double decay,
      List<Integer> hidden) {
    return adamw(rate, batch, epochs, decay, hidden).optimizerConfig(new OptimizerConfig(OptimizerType.ADAM, Map.of()));
  }

  /**
   * A logistic model ({@code hiddenUnits: []}) with L2 weight decay trained to convergence: Adam,
   * a cosine schedule that anneals the rate to zero over 200 epochs, no early stopping.
   */
  private static TrainingHyperparameters converged(double decay) {
    return converged(decay, 128, 200);
  }

  private static TrainingHyperparameters converged(double decay, int batch, int epochs) {
    return adam(0.01, batch, epochs, decay, List.of())
        .schedulerConfig(new SchedulerConfig(SchedulerType.COSINE, Map.of(), 0)).build();
  }

  static Study german() {
    return new Study("German Credit", "credit/german_credit.arff", "class", DataFormat.ARFF, false, List.of(
        new Candidate("mlp32", adamw(0.003, 64, 100, 0.05, List.of(32)).build(), 0.5, 10),
        new Candidate("lr-l2-0.003", converged(0.003), 0, 0),
        new Candidate("lr-l2-0.01", converged(0.01), 0, 0),
        new Candidate("lr-l2-0.03", converged(0.03), 0, 0),
        new Candidate("lr-l2-0.1", converged(0.1), 0, 0)), 5, true);
  }

  static Study lending() {
    return new Study("Lending Club", "credit/lending_club.csv", "Class", DataFormat.CSV, true, List.of(
        new Candidate("mlp16", adamw(0.003, 256, 30, 0.05, List.of(16)).build(), 0, 5),
        new Candidate("lr-l2-0.01", converged(0.01, 256, 100), 0, 0)), 3, false);
  }

  /**
   * @param args {@code german}, {@code lending} or {@code both} (default)
   * @throws IOException if temp files cannot be written
   */
  public static void main(String[] args) throws IOException {
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    String which = args.length > 0 ? args[0] : "both";
    Path data = Path.of(System.getProperty("modelkit.data", "data")).toAbsolutePath();
    Path temp = Files.createTempDirectory("modelkit-credit-anchors");
    try {
      if (!which.equals("lending")) {
        run(german(), data, temp.resolve("german"));
      }
      if (!which.equals("german")) {
        run(lending(), data, temp.resolve("lending"));
      }
    } finally {
      deleteTree(temp);
    }
  }

  static void run(Study study, Path data, Path temp) throws IOException {
    CreditTable table = CreditTable.read(data.resolve(study.file()), study.label(), "bad");
    boolean[] y = table.positives();
    int[] fold = StratifiedFolds.assign(y, FOLDS, SEED);
    Path folds = Files.createDirectories(temp.resolve("folds"));
    String ext = study.format() == DataFormat.ARFF ? ".arff" : ".csv";
    System.out.printf(Locale.ROOT, "%s: %d rows, %d bad; stratified %d-fold, seed %d; cores %d, load %.2f%n",
        study.name(), table.size(), count(y), FOLDS, SEED, Runtime.getRuntime().availableProcessors(), load());
    System.out.println("fold  ModelKit  (engine)  XGBoost  L2-LR  (lambda)  ModelKit: config (inner CV AUC) threshold / test F1 / epochs"
        + (study.ensemble() ? "  | single network chosen by inner CV: test ROC AUC (config)" : ""));
    double[][] auc = new double[3][FOLDS];
    double[] single = new double[FOLDS];
    try (PyTorchTrainingEngine engine = new PyTorchTrainingEngine(temp.resolve("engine"), Map.of(), folds)) {
      for (int k = 0; k < FOLDS; k++) {
        int[] train = StratifiedFolds.rows(fold, k, false);
        int[] test = StratifiedFolds.rows(fold, k, true);
        String trainFile = "fold" + (k + 1) + "-train" + ext;
        String testFile = "fold" + (k + 1) + "-test" + ext;
        table.write(train, folds.resolve(trainFile));
        table.write(test, folds.resolve(testFile));
        boolean[] yTest = LogisticAnchor.pick(y, test);
        boolean[] yTrain = LogisticAnchor.pick(y, train);

        ModelKitRun chosen = null;
        for (Candidate c : study.candidates()) {
          ModelKitRun run = modelKit(engine, study, c, table, trainFile, testFile, folds,
              temp.resolve("run" + (k + 1) + "-" + c.name()));
          if (study.candidates().size() > 1) {
            System.out.printf(Locale.ROOT, "      candidate %-14s inner CV ROC AUC %.4f, test ROC AUC %.4f%n", c.name(),
                run.inner(), run.metrics().get("test_roc_auc"));
          }
          if (chosen == null || run.inner() > chosen.inner()) {
            chosen = run;
          }
        }
        ModelKitRun mk = chosen;
        if (study.ensemble()) {
          mk = ensemble(engine, study, table, trainFile, testFile, folds, temp.resolve("run" + (k + 1) + "-ensemble"));
          StringBuilder members = new StringBuilder();
          for (Candidate c : study.candidates()) {
            members.append(String.format(Locale.ROOT, " %s %.4f", c.name(),
                mk.metrics().get("member_" + c.name() + "_val_roc_auc")));
          }
          System.out.printf(Locale.ROOT, "      ensemble: validation ROC AUC %.4f; members'%s%n",
              mk.metrics().get("val_roc_auc"), members);
        }
        auc[0][k] = RocAuc.of(mk.scores(), yTest);
        single[k] = RocAuc.of(chosen.scores(), yTest);

        AnchorFeatures raw = new AnchorFeatures(table, train, false);
        auc[1][k] = RocAuc.of(XgboostAnchor.fitAndScore(raw.encode(train), yTrain, raw.encode(test)), yTest);

        AnchorFeatures std = new AnchorFeatures(table, train, true);
        LogisticAnchor.Fit lr = LogisticAnchor.fitTuned(std.encode(train), yTrain, SEED + k);
        auc[2][k] = RocAuc.of(lr.scores(std.encode(test)), yTest);
        System.out.printf(Locale.ROOT, "%4d  %8.4f  (%6.4f)  %7.4f  %5.4f  (%6.1f)  %s (%.4f) %.3f / %.3f / %d%n", k + 1,
            auc[0][k], mk.metrics().get("test_roc_auc"), auc[1][k], auc[2][k], lr.lambda(), mk.candidate(), mk.inner(),
            mk.metrics().getOrDefault("threshold", Double.NaN), mk.metrics().getOrDefault("test_f1_score", Double.NaN),
            mk.metrics().get("epochs_run").intValue());
        if (study.ensemble()) {
          System.out.printf(Locale.ROOT, "      | single network chosen by inner CV: %.4f (%s)%n", single[k],
              chosen.candidate());
        }
      }
    }
    System.out.printf(Locale.ROOT, "mean  %8.4f            %7.4f  %5.4f%n", mean(auc[0]), mean(auc[1]), mean(auc[2]));
    System.out.printf(Locale.ROOT, "std   %8.4f            %7.4f  %5.4f%n", std(auc[0]), std(auc[1]), std(auc[2]));
    if (study.ensemble()) {
      System.out.printf(Locale.ROOT, "single network chosen by inner CV: mean %.4f (std %.4f)%n", mean(single),
          std(single));
    }
    double best = Math.max(mean(auc[1]), mean(auc[2]));
    System.out.printf(Locale.ROOT, "%s: ModelKit %.4f vs best anchor %.4f: %s (load %.2f)%n%n", study.name(),
        mean(auc[0]), best, mean(auc[0]) >= best ? "matches or beats it" : "BELOW it by " + fmt(best - mean(auc[0])),
        load());
  }

  /** ModelKit's scores for one fold's test rows, and the engine's metrics. */
  record ModelKitRun(String candidate, double inner, double[] scores, Map<String, Double> metrics) {}

  static ModelKitRun modelKit(PyTorchTrainingEngine engine, Study study, Candidate c, CreditTable table, String trainFile,
      String testFile, Path folds, Path work) {
    TrainingConfiguration cfg = config(study, table, trainFile, testFile, c, study.innerFolds(), List.of());
    FileArtifactStore store = FileArtifactStore.open(work.resolve("store"));
    TrainingResult r = engine.train(StudyTrainingContext.of(cfg, work.resolve("work"), folds, store));
    double[] scores = TestScores.of(engine, r, store, table, folds.resolve(testFile), study);
    double inner = study.candidates().size() > 1 ? r.metrics().get("cv_roc_auc_mean") : 0;
    return new ModelKitRun(c.name(), inner, scores, r.metrics());
  }

  /**
   * One engine job training every candidate as a member of an ensemble on the fold's training rows
   * (each member keeps its own dropout; members without patience train all their epochs).
   */
  static ModelKitRun ensemble(PyTorchTrainingEngine engine, Study study, CreditTable table, String trainFile,
      String testFile, Path folds, Path work) {
    List<EnsembleMember> members = new ArrayList<>();
    Candidate stopping = study.candidates().get(0);
    for (Candidate c : study.candidates()) {
      members.add(new EnsembleMember(c.name(), c.hyperparameters(), c.dropout(), c.patience() > 0 ? null : false));
      if (c.patience() > 0) {
        stopping = c;
      }
    }
    TrainingConfiguration cfg = config(study, table, trainFile, testFile, stopping, 0, members);
    FileArtifactStore store = FileArtifactStore.open(work.resolve("store"));
    TrainingResult r = engine.train(StudyTrainingContext.of(cfg, work.resolve("work"), folds, store));
    double[] scores = TestScores.of(engine, r, store, table, folds.resolve(testFile), study);
    return new ModelKitRun("ensemble of " + members.size(), Double.NaN, scores, r.metrics());
  }

  private static TrainingConfiguration config(Study study, CreditTable table, String trainFile, String testFile,
      Candidate c, int innerFolds, List<EnsembleMember> members) {
    DataSchema schema = new DataSchema(table.inputColumns(), List.of(study.label()), Map.of());
    return TrainingConfiguration.builder().organizationId("study").modelName(study.name())
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "risk_management",
            List.of("risk_classification"), List.of("roc_auc"), null, "bad",
            study.classWeighting() ? ClassWeighting.balanced() : null, false, null))
        .datasetConfig(new DatasetConfiguration(
            List.of(new DataSource("train", study.format(), trainFile, schema, null, null, null)), List.of(),
            List.of(new DataSource("test", study.format(), testFile, schema, null, null, null)),
            PreprocessingConfig.defaults(), null))
        .hyperparameters(c.hyperparameters())
        .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0.2, 1,
            new EarlyStoppingConfig(c.patience() > 0, Math.max(1, c.patience()), "roc_auc", 0, null), new MetricConfig("roc_auc",
                List.of("f1_score"), List.of()), innerFolds > 1 ? new CrossValidationConfig(true,
                    innerFolds, ValidationStrategy.STRATIFIED, true) : null, null, null))
        .advancedConfig(new AdvancedTrainingConfig(null, null, null, new RegularizationConfig(c.dropout(), 0), null,
            null, members))
        .build();
  }

  private static int count(boolean[] y) {
    int n = 0;
    for (boolean b : y) {
      n += b ? 1 : 0;
    }
    return n;
  }

  static double mean(double[] x) {
    return Arrays.stream(x).average().orElse(Double.NaN);
  }

  static double std(double[] x) {
    double m = mean(x);
    return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1));
  }

  private static String fmt(double x) {
    return String.format(Locale.ROOT, "%.4f", x);
  }

  private static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
