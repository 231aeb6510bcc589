package dev.modelkit.benchmarks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.training.TrainingConfiguration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the hand-written, error-collecting binder of {@link ConfigCodec} costs compared with
 * Jackson databind binding the same record directly (decision record 0020), on the seed's "Basic
 * Training Setup". Baselines in the same run: databind's {@code readValue} into the same record
 * (case-insensitive enums; no error collection, stops at the first problem) and a bare
 * {@code readTree}, the parse cost both share.
 *
 * <p>Run: {@code mvn -q -o -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar ConfigCodecBenchmark -wi 2 -i 3 -w 2s -r 3s -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConfigCodecBenchmark {

  /**
   * The seed's basic training setup without {@code lastUpdated}, which plain databind cannot read
   * without the JSR-310 module (not a dependency).
   */
  static final String BASIC = """
      {
        "organizationId": "your-org-id",
        "modelName": "Risk Classification Model v2",
        "baseModel": "gpt-3.5-turbo",
        "trainingObjective": {
          "type": "fine_tuning", "domain": "risk_management",
          "tasks": ["risk_classification", "severity_assessment"],
          "successMetrics": ["accuracy", "precision", "recall"],
          "qualityThresholds": {"minAccuracy": 0.85, "maxLatency": 200, "minReliability": 0.95}
        },
        "datasetConfig": {
          "trainingData": [{
            "id": "training_data_1", "type": "csv", "source": "organization_risk_data.csv",
            "schema": {"inputFields": ["description", "category", "impact"], "outputFields": ["risk_level"],
                       "dataTypes": {"description": "text", "category": "categorical"}},
            "filters": {"date_range": "last_2_years"},
            "permissions": ["data_scientist", "risk_analyst"]
          }],
          "validationData": [], "testData": [],
          "dataPreprocessing": {"tokenization": "bert_tokenizer", "normalization": true, "augmentation": true},
          "privacyConfig": {"anonymization": true, "encryption": true, "accessControl": ["authorized_users"]}
        },
        "hyperparameters": {
          "learningRate": 0.001, "batchSize": 32, "epochs": 10, "warmupSteps": 100, "weightDecay": 0.01,
          "gradientClipping": 1.0,
          "optimizerConfig": {"type": "adam", "parameters": {"beta1": 0.9, "beta2": 0.999}},
          "schedulerConfig": {"type": "linear", "parameters": {"warmup_ratio": 0.1}, "warmupSteps": 100}
        },
        "validationConfig": {
          "strategy": "k_fold", "testSize": 0.2, "validationFrequency": 1,
          "earlyStoppingConfig": {"enabled": true, "patience": 3, "metric": "accuracy", "minDelta": 0.001},
          "metricConfig": {"primary": "accuracy", "secondary": ["precision", "recall", "f1_score"],
                           "customMetrics": ["business_impact"]}
        },
        "deploymentConfig": {"autoDeployment": false, "targetEnvironments": ["staging"], "approvalRequired": true,
                             "rollbackEnabled": true}
      }""";

  private ConfigCodec codec;
  private ObjectMapper databind;
  private TrainingConfiguration config;

  /** Builds both codecs and checks that they read the same configuration. */
  @Setup
  public void setUp() throws Exception {
    codec = new ConfigCodec();
    databind = JsonMapper.builder()
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();
    config = codec.fromJson(BASIC, TrainingConfiguration.class);
    TrainingConfiguration viaDatabind = databind.readValue(BASIC, TrainingConfiguration.class);
    if (!config.equals(viaDatabind)) {
      throw new IllegalStateException("the two codecs disagree:\n" + config + "\n" + viaDatabind);
    }
  }

  /** @return the configuration read by ConfigCodec */
  @Benchmark
  public TrainingConfiguration codecRead() {
    return codec.fromJson(BASIC, TrainingConfiguration.class);
  }

  /** @return the configuration read by Jackson databind (baseline) */
  @Benchmark
  public TrainingConfiguration databindRead() throws Exception {
    return databind.readValue(BASIC, TrainingConfiguration.class);
  }

  /** @return the parsed tree only (the parse cost ConfigCodec pays before binding) */
  @Benchmark
  public JsonNode treeParseOnly() throws Exception {
    return databind.readTree(BASIC);
  }

  /** @return the configuration written by ConfigCodec */
  @Benchmark
  public String codecWrite() {
    return codec.toJson(config);
  }

  /** @return the configuration written by Jackson databind (baseline; enums by constant name) */
  @Benchmark
  public String databindWrite() throws Exception {
    return databind.writerWithDefaultPrettyPrinter().writeValueAsString(config);
  }
}
