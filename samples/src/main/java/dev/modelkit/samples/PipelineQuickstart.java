package dev.modelkit.samples;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.ModelKit;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.evaluation.EvaluationSuite;
import dev.modelkit.monitoring.CostMatrix;
import dev.modelkit.pipeline.GateAction;
import dev.modelkit.pipeline.GateOperator;
import dev.modelkit.pipeline.GateResult;
import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.pipeline.PipelineRun;
import dev.modelkit.pipeline.PipelineStage;
import dev.modelkit.pipeline.QualityGate;
import dev.modelkit.pipeline.RunState;
import dev.modelkit.pipeline.StageConfiguration;
import dev.modelkit.pipeline.StageRun;
import dev.modelkit.pipeline.StageType;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.EarlyStoppingConfig;
import dev.modelkit.training.MetricConfig;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The pipeline step of the quickstart: German Credit through data quality gates, a privacy scan,
 * training, validation against a cost matrix and the evaluation suite with fairness gates, ending
 * with the HTML evaluation report. The data is split once into a training file and a held-out test
 * file, so that every figure after training is measured on applicants the model never saw.
 */
final class PipelineQuickstart {
  private static final String ORG = "acme-bank";

  private PipelineQuickstart() {}

  /** What the run produced. */
  record Result(PipelineRun run, Path htmlReport) {}

  /**
   * @param home a directory of its own for the runtime and the split files
   * @param data the repository's data directory
   * @param out where to print
   * @return the finished run and the HTML report's path
   * @throws Exception if the pipeline cannot be created or run
   */
  static Result run(Path home, Path data, PrintStream out) throws Exception {
    Path[] split = splitArff(data.resolve("credit/german_credit.arff"), home.resolve("data"), 0.3, 7L);
    try (ModelKit kit = ModelKit.builder().home(home.resolve("runtime")).dataRoot(data).build()) {
      CustomModelTrainingService dana = kit.service(Principal.of("dana", ORG, Roles.DATA_SCIENTIST));
      TrainingConfiguration base = new ConfigCodec().fromJson(Quickstart.resource("german-credit-training.json"),
          TrainingConfiguration.class);
      DataSource original = base.datasetConfig().trainingData().get(0);
      DataSource train = new DataSource("german_credit_train", DataFormat.ARFF, split[0].toString(), original.schema(),
          null, original.permissions(), null);
      DataSource test = new DataSource("german_credit_test", DataFormat.ARFF, split[1].toString(), original.schema(),
          null, original.permissions(), null);
      TrainingConfiguration training = base.toBuilder().modelName("German Credit Pipeline")
          .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "risk_management",
              List.of("risk_classification"), List.of("roc_auc"), null, "bad", null, false, null))
          .datasetConfig(new DatasetConfiguration(List.of(train), null, List.of(test),
              base.datasetConfig().dataPreprocessing(), base.datasetConfig().privacyConfig()))
          .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0, 1,
              new EarlyStoppingConfig(true, 10, "roc_auc", 0, null),
              new MetricConfig("roc_auc", List.of("accuracy", "f1_score"), List.of()), null, null, null))
          .build();
      EvaluationSuite review = EvaluationSuite.builder("Pipeline model review", List.of(test)).positiveClass("bad")
          .protectedAttributes("personal_status", "age", "foreign_worker").seed(42).build();
      // a bad applicant approved costs five times a good applicant turned away (the data set's own cost matrix)
      CostMatrix costs = new CostMatrix(Map.of("bad", Map.of("good", 5.0), "good", Map.of("bad", 1.0)), true);
      ModelTrainingPipeline pipeline = dana.pipelines().create(ModelTrainingPipeline.builder("german credit", training)
          .stage(PipelineStage.of(StageType.DATA_INGESTION,
              gate("data.completeness", GateOperator.GTE, 0.99, GateAction.FAIL),
              gate("data.duplicate_rate", GateOperator.LTE, 0.01, GateAction.FAIL),
              gate("data.label_balance", GateOperator.GTE, 0.5, GateAction.WARN)))
          .stage(PipelineStage.of(StageType.DATA_PREPROCESSING,
              gate("pii.findings", GateOperator.EQ, 0, GateAction.FAIL)))
          .stage(PipelineStage.of(StageType.MODEL_TRAINING,
              gate("test_roc_auc", GateOperator.GTE, 0.7, GateAction.FAIL)))
          .stage(new PipelineStage(null, StageType.MODEL_VALIDATION, new StageConfiguration(null, null, costs, null,
              null, null, null), 0, null, List.of(gate("business.expected_cost", GateOperator.LT, 1.0,
              GateAction.FAIL))))
          .stage(new PipelineStage(null, StageType.MODEL_TESTING, new StageConfiguration(null, review, null, null,
              null, null, null), 0, null, List.of(gate("roc_auc", GateOperator.GTE, 0.7, GateAction.FAIL),
              gate("fairness.max_demographic_parity_difference", GateOperator.LTE, 0.1, GateAction.WARN))))
          .build());
      out.println("Pipeline " + pipeline.id() + ": " + pipeline.stages().size() + " stages, quality gates between them");
      PipelineRun run = dana.pipelines().await(dana.pipelines().run(pipeline.id()).id(), Duration.ofMinutes(10));
      for (StageRun s : run.stages()) {
        out.printf(Locale.ROOT, "  %-20s %-9s %s%n", s.type().wireName(), s.state().wireName(),
            s.message() == null ? "" : s.message());
        for (GateResult g : s.gates()) {
          out.println("      gate " + g.name() + ": " + g.message());
        }
      }
      run.warnings().forEach(w -> out.println("  warning: " + w));
      out.println("Run " + run.id() + " ended " + run.state().wireName() + (run.reason() == null ? "" : ": " + run.reason()));
      if (run.state() != RunState.SUCCEEDED) {
        return new Result(run, null);
      }
      StageRun trained = stage(run, StageType.MODEL_TRAINING);
      StageRun tested = stage(run, StageType.MODEL_TESTING);
      Path html = dana.evaluations().writeHtml(tested.outputs().get("reportId"),
          home.resolve("reports").resolve(trained.outputs().get("modelId") + "-v" + trained.outputs().get("version")
              + ".html"));
      out.println("HTML evaluation report of the pipeline's model: " + html.toAbsolutePath());
      return new Result(run, html);
    }
  }

  private static StageRun stage(PipelineRun run, StageType type) {
    return run.stages().stream().filter(s -> s.type() == type).findFirst()
        .orElseThrow(() -> new IllegalStateException("run " + run.id() + " has no " + type.wireName() + " stage"));
  }

  private static QualityGate gate(String metric, GateOperator op, double threshold, GateAction action) {
    return new QualityGate(metric, metric, threshold, op, action);
  }

  /**
   * Splits an ARFF file's data rows at random (seeded) into a training and a test file with the
   * same header.
   */
  static Path[] splitArff(Path arff, Path dir, double testShare, long seed) throws IOException {
    List<String> lines = Files.readAllLines(arff, StandardCharsets.UTF_8);
    List<String> header = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    boolean inData = false;
    for (String line : lines) {
      if (inData) {
        if (!line.isBlank() && !line.startsWith("%")) {
          rows.add(line);
        }
      } else {
        header.add(line);
        inData = line.trim().equalsIgnoreCase("@data");
      }
    }
    Collections.shuffle(rows, new Random(seed));
    int cut = (int) Math.round(rows.size() * testShare);
    Files.createDirectories(dir);
    Path train = dir.resolve("german_credit_train.arff");
    Path test = dir.resolve("german_credit_test.arff");
    List<String> trainLines = new ArrayList<>(header);
    trainLines.addAll(rows.subList(cut, rows.size()));
    List<String> testLines = new ArrayList<>(header);
    testLines.addAll(rows.subList(0, cut));
    Files.write(train, trainLines, StandardCharsets.UTF_8);
    Files.write(test, testLines, StandardCharsets.UTF_8);
    return new Path[] {train, test};
  }
}
