package dev.modelkit.benchmarks;

import ai.djl.Device;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.AdvancedTrainingConfig;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.EarlyStoppingConfig;
import dev.modelkit.training.InvalidRowPolicy;
import dev.modelkit.training.MetricConfig;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.OptimizerConfig;
import dev.modelkit.training.OptimizerType;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.RegularizationConfig;
import dev.modelkit.training.SchedulerType;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingHyperparameters;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import dev.modelkit.training.djl.PyTorchTrainingEngine;
import dev.modelkit.training.djl.internal.data.DatasetLoader;
import dev.modelkit.training.djl.internal.data.Table;
import dev.modelkit.training.djl.internal.features.FeaturePipeline;
import dev.modelkit.training.djl.internal.features.PipelineFitter;
import dev.modelkit.training.djl.internal.features.PipelineResources;
import dev.modelkit.training.djl.internal.nn.LayerPlan;
import dev.modelkit.training.djl.internal.nn.LearningRateSchedule;
import dev.modelkit.training.djl.internal.nn.NetworkTrainer;
import dev.modelkit.training.djl.internal.nn.TabularNetwork;
import dev.modelkit.training.djl.internal.serving.DjlPredictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training throughput and inference speed of the pytorch training engine, each beside a
 * hand-written logistic regression in plain Java on the same features:
 *
 * <ul>
 *   <li>{@code trainEpoch}: one epoch over Lending Club's 9,857 encoded rows (batch 256, AdamW) with
 *       DJL on PyTorch, for a logistic model ({@code hidden=""}) and a 16-unit MLP; {@code
 *       baselineTrainEpoch}: the same epoch of mini-batch gradient descent on a logistic regression in
 *       Java. Rows per second = ops/s x 9,857.
 *   <li>{@code predictRow}: one German Credit applicant, from field values to calibrated class
 *       probabilities, through the trained version's predictor (fitted preprocessing, DJL predictor
 *       pool, threshold); {@code baselineRowDot}: the logistic dot product on already encoded
 *       features; {@code baselineRowEncodeAndDot}: the same preprocessing plus the dot product.
 *   <li>{@code predictBatch}: 1,000 applicants in one call; {@code baselineBatchEncodeAndDot}: their
 *       preprocessing plus dot products. Rows per second = ops/s x 1,000.
 * </ul>
 *
 * <p>Run: {@code mvn -q -o -pl benchmarks -am package -DskipTests && java -Dai.djl.offline=true
 * -Dmodelkit.data=data -jar benchmarks/target/benchmarks.jar TrainingBenchmark -wi 2 -i 3 -w 2s -r 3s -f 1}
 */
public class TrainingBenchmark {
  private static final List<String> LENDING = List.of("funded_amnt", "term", "int_rate", "sub_grade", "addr_state",
      "verification_status", "annual_inc", "emp_length", "delinq_2yrs", "inq_last_6mths", "revol_util", "acc_now_delinq",
      "open_il_6m", "open_il_12m", "open_il_24m", "total_bal_il", "all_util", "inq_fi", "inq_last_12m", "delinq_amnt",
      "num_il_tl", "total_il_high_credit_limit");
  private static final List<String> GERMAN = List.of("checking_status", "duration", "credit_history", "purpose",
      "credit_amount", "savings_status", "employment", "installment_commitment", "personal_status", "other_parties",
      "residence_since", "property_magnitude", "age", "other_payment_plans", "housing", "existing_credits", "job",
      "num_dependents", "own_telephone", "foreign_worker");

  static Path data() {
    return Path.of(System.getProperty("modelkit.data", "data")).toAbsolutePath();
  }

  /** Lending Club encoded once; each benchmark call trains one epoch from fresh weights. */
  @State(Scope.Benchmark)
  public static class Training {
    NetworkTrainer.Data train;
    float[][] x;
    int[] y;
    int width;

    @Setup(Level.Trial)
    public void load() {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
      List<String> fields = new ArrayList<>(LENDING);
      fields.add("Class");
      DataSource src = new DataSource("lending", DataFormat.CSV, "credit/lending_club.csv",
          new DataSchema(LENDING, List.of("Class"), Map.of()), null, null, null);
      Table t = new DatasetLoader(data(), Clock.systemUTC(), InvalidRowPolicy.FAIL)
          .load(List.of(src), fields, Set.of("Class"), Map.of(), null).table();
      int[] rows = new int[t.size()];
      Arrays.setAll(rows, i -> i);
      try (PipelineResources res = new PipelineResources(null, 256, null, true)) {
        FeaturePipeline p = new PipelineFitter(PreprocessingConfig.defaults(), "builtin", null).fit(t, rows, LENDING, res);
        x = p.transform(t, rows, res);
        width = p.width();
      }
      y = new int[t.size()];
      float[] w = new float[t.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = t.value(i, "Class").equals("bad") ? 1 : 0;
        w[i] = 1f;
      }
      train = new NetworkTrainer.Data(x, List.of(new NetworkTrainer.Task(2, y, w)), null);
    }

    NetworkTrainer.Options options() {
      int steps = (x.length + 255) / 256;
      return new NetworkTrainer.Options(1, 256, 1, 0, new OptimizerConfig(OptimizerType.ADAMW, Map.of()), 0.01,
          new LearningRateSchedule(0.003, SchedulerType.CONSTANT, 0, steps), 0, 0, new boolean[width], 42, 1, null,
          LayerPlan.all(), new Device[] {Device.cpu()}, null, List.of(1f));
    }
  }

  /** The same rows, for the DJL network with and without a hidden layer. */
  public static class Network extends Training {
    /** Hidden layer width, empty for a logistic model. */
    @Param({"", "16"})
    public String hidden;
  }

  private static final NetworkTrainer.Listener SILENT = new NetworkTrainer.Listener() {
    @Override
    public boolean cancelled() {
      return false;
    }

    @Override
    public Map<String, Double> validate(List<double[][]> probabilities) {
      return Map.of();
    }

    @Override
    public void epoch(int epoch, double loss, double rate, Map<String, Double> validation) {}

    @Override
    public boolean wantsCheckpoint(int epoch, boolean improved) {
      return false;
    }

    @Override
    public void checkpoint(int epoch, byte[] state, Map<String, Double> validation) {}
  };

  /**
   * @param s the encoded Lending Club rows
   * @return the epoch's outcome
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 3)
  @Fork(1)
  public NetworkTrainer.Outcome trainEpoch(Network s) {
    List<Integer> hidden = s.hidden.isEmpty() ? List.of() : List.of(Integer.parseInt(s.hidden));
    TabularNetwork net = new TabularNetwork(s.width, hidden, 0, List.of("head"), List.of(2), false);
    return new NetworkTrainer().fit(net, s.train, null, s.options(), SILENT, null, null);
  }

  /**
   * @param s the encoded Lending Club rows
   * @return the weights after one epoch
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 3)
  @Fork(1)
  public float[] baselineTrainEpoch(Training s) {
    float[] w = new float[s.width + 1];
    float[] g = new float[s.width + 1];
    for (int start = 0; start < s.x.length; start += 256) {
      int end = Math.min(s.x.length, start + 256);
      Arrays.fill(g, 0f);
      for (int i = start; i < end; i++) {
        float z = w[s.width];
        float[] row = s.x[i];
        for (int j = 0; j < s.width; j++) {
          z += w[j] * row[j];
        }
        float err = (float) (1 / (1 + Math.exp(-z))) - s.y[i];
        for (int j = 0; j < s.width; j++) {
          g[j] += err * row[j];
        }
        g[s.width] += err;
      }
      for (int j = 0; j <= s.width; j++) {
        w[j] -= 0.003f * g[j] / (end - start);
      }
    }
    return w;
  }

  /** A German Credit version trained once, loaded into its predictor, plus a Java baseline. */
  @State(Scope.Benchmark)
  public static class Serving {
    Path home;
    PyTorchTrainingEngine engine;
    DjlPredictor predictor;
    List<Map<String, Object>> rows = new ArrayList<>();
    float[][] encoded;
    float[] weights;
    PipelineResources resources;
    int next;

    @Setup(Level.Trial)
    public void train() throws IOException {
      home = Files.createTempDirectory("modelkit-training-bench");
      engine = new PyTorchTrainingEngine(home.resolve("pytorch"), Map.of(), data());
      FileArtifactStore store = FileArtifactStore.open(home);
      TrainingConfiguration cfg = TrainingConfiguration.builder().organizationId("bench").modelName("german")
          .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "risk", List.of("risk"),
              List.of("roc_auc"), null, "bad", null, true, null))
          .datasetConfig(new DatasetConfiguration(List.of(new DataSource("german", DataFormat.ARFF,
              "credit/german_credit.arff", new DataSchema(GERMAN, List.of("class"), Map.of()), null, null, null)), null, null,
              PreprocessingConfig.defaults(), null))
          .hyperparameters(TrainingHyperparameters.builder().learningRate(0.003).batchSize(64).epochs(60).weightDecay(0.05)
              .optimizerConfig(new OptimizerConfig(OptimizerType.ADAMW, Map.of())).hiddenUnits(List.of(32)).seed(42L).build())
          .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0.2, 1,
              new EarlyStoppingConfig(true, 10, "roc_auc", 0, null), new MetricConfig("roc_auc", List.of(), List.of()), null,
              null, null))
          .advancedConfig(new AdvancedTrainingConfig(null, null, null, new RegularizationConfig(0.5, 0), null, null))
          .build();
      TrainingResult r = engine.train(StudyTrainingContext.of(cfg, home.resolve("work"), data(), store));
      ModelVersion v = new ModelVersion("german", "1", "bench", "pytorch", LifecycleStage.DRAFT, r.artifacts(), r.metrics(),
          null, List.of(), Map.of(), "bench", Clock.systemUTC().instant(), null);
      predictor = (DjlPredictor) engine.load(v, store);
      List<String> fields = new ArrayList<>(GERMAN);
      fields.add("class");
      Table t = new DatasetLoader(data(), Clock.systemUTC(), InvalidRowPolicy.FAIL).load(cfg.datasetConfig().trainingData(),
          fields, Set.of("class"), Map.of(), null).table();
      int[] all = new int[t.size()];
      Arrays.setAll(all, i -> i);
      for (int i = 0; i < t.size(); i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String f : GERMAN) {
          row.put(f, t.value(i, f));
        }
        rows.add(row);
      }
      resources = new PipelineResources(null, 256, null, true);
      encoded = predictor.pipeline().transform(t, all, resources);
      weights = logistic(encoded, t);
    }

    private static float[] logistic(float[][] x, Table t) {
      int width = x[0].length;
      float[] w = new float[width + 1];
      for (int iter = 0; iter < 200; iter++) {
        float[] g = new float[width + 1];
        for (int i = 0; i < x.length; i++) {
          float z = w[width];
          for (int j = 0; j < width; j++) {
            z += w[j] * x[i][j];
          }
          float err = (float) (1 / (1 + Math.exp(-z))) - (t.value(i, "class").equals("bad") ? 1 : 0);
          for (int j = 0; j < width; j++) {
            g[j] += err * x[i][j];
          }
          g[width] += err;
        }
        for (int j = 0; j <= width; j++) {
          w[j] -= 0.5f * g[j] / x.length;
        }
      }
      return w;
    }

    int nextRow() {
      next = (next + 1) % rows.size();
      return next;
    }

    @TearDown(Level.Trial)
    public void close() {
      predictor.close();
      resources.close();
      engine.close();
    }
  }

  static double dot(float[] w, float[] x) {
    float z = w[x.length];
    for (int j = 0; j < x.length; j++) {
      z += w[j] * x[j];
    }
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * @param s the trained model
   * @return the prediction
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 3)
  @Fork(1)
  public Prediction predictRow(Serving s) {
    return s.predictor.predict(s.rows.get(s.nextRow()));
  }

  /**
   * @param s the baseline weights and encoded rows
   * @return the probability of bad
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 3)
  @Fork(1)
  public double baselineRowDot(Serving s) {
    return dot(s.weights, s.encoded[s.nextRow()]);
  }

  /**
   * @param s the baseline weights and the fitted preprocessing
   * @return the probability of bad
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 3)
  @Fork(1)
  public double baselineRowEncodeAndDot(Serving s) {
    float[][] x = s.predictor.pipeline().transform(List.of(s.rows.get(s.nextRow())), s.resources);
    return dot(s.weights, x[0]);
  }

  /**
   * @param s the trained model
   * @return the predictions of 1,000 rows
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 3)
  @Fork(1)
  public List<Prediction> predictBatch(Serving s) {
    return s.predictor.predictBatch(s.rows);
  }

  /**
   * @param s the baseline weights and the fitted preprocessing
   * @return the probabilities of 1,000 rows
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 3)
  @Fork(1)
  public double[] baselineBatchEncodeAndDot(Serving s) {
    float[][] x = s.predictor.pipeline().transform(s.rows, s.resources);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = dot(s.weights, x[i]);
    }
    return out;
  }
}
