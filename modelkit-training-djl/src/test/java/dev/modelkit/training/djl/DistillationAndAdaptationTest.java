package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.AdvancedTrainingConfig;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.DistillationConfig;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.RegularizationConfig;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.TransferLearningConfig;
import dev.modelkit.training.TransferStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Knowledge distillation and domain adaptation on the credit data.
 *
 * <ul>
 *   <li>Distillation: a teacher MLP (hidden 128 x 64) is trained on 70% of German Credit; a student
 *       with no hidden layer (under a quarter of the teacher's parameters) learns from the
 *       teacher's temperature-softened probabilities plus the labels, and keeps at least 97% of the
 *       teacher's ROC AUC on the same 30% test rows. Both latencies are reported.
 *   <li>Domain adaptation: a model trained on Lending Club (9,857 US loans) is continued on only
 *       200 German Credit rows and beats the same architecture trained on those 200 rows alone,
 *       both measured on the other 800 German rows. The two domains share no column names, so the
 *       Lending Club rows are mapped onto German Credit's fields where the meaning is the same:
 *       {@code term} (36 or 60 months) as {@code duration}, {@code funded_amnt} as {@code
 *       credit_amount}, {@code emp_length} bucketed as German Credit's {@code employment}
 *       categories. The first layer's columns for those features, and the deeper layers, start
 *       from the Lending Club model; each domain standardises its own amounts.
 * </ul>
 */
class DistillationAndAdaptationTest extends SharedEngineTest {
  static final dev.modelkit.security.Principal ALICE = dev.modelkit.security.Principal.of("alice", "acme", "data_scientist");
  @Test
  void studentKeepsTheTeachersRocAuc(@TempDir Path temp) {
    TrainingConfiguration teacherCfg = Configs.germanCredit()
        .hyperparameters(Configs.germanHyperparameters().hiddenUnits(List.of(128, 64)).epochs(60).build())
        .validationConfig(Configs.holdout(0.3, 10))
        .advancedConfig(new AdvancedTrainingConfig(null, null, null, new RegularizationConfig(0.5, 0), null, null))
        .build();
    dev.modelkit.core.store.FileArtifactStore store = dev.modelkit.core.store.FileArtifactStore.open(temp);
    TestContext ctx = new TestContext(teacherCfg, temp, ALICE, store);
    TrainingResult teacher = engine.train(ctx);
    ctx.register("german-teacher", "1", teacher);

    TrainingConfiguration studentCfg = teacherCfg.toBuilder()
        .trainingObjective(new TrainingObjective(ObjectiveType.KNOWLEDGE_DISTILLATION, "risk_management", List.of("risk"),
            List.of("roc_auc"), null, "bad", null, false, new DistillationConfig("model:german-teacher:1", 3, 0.7)))
        .hyperparameters(Configs.germanHyperparameters().hiddenUnits(List.of()).learningRate(0.01).epochs(60).build())
        .advancedConfig(null)
        .build();
    TestContext sctx = new TestContext(studentCfg, temp, ALICE, store);
    sctx.versions.putAll(ctx.versions);
    TrainingResult student = engine.train(sctx);

    double t = teacher.metrics().get("test_roc_auc");
    double s = student.metrics().get("test_roc_auc");
    double tp = teacher.metrics().get("parameters");
    double sp = student.metrics().get("parameters");
    System.out.printf("Distillation: teacher %.0f parameters, test ROC AUC %.4f, latency p50 %.3f ms / p95 %.3f ms;"
        + " student %.0f parameters (%.1f%%), test ROC AUC %.4f (%.1f%% of the teacher), latency p50 %.3f ms / p95 %.3f ms%n",
        tp, t, teacher.metrics().get("latency_p50_ms"), teacher.metrics().get("latency_p95_ms"), sp, 100 * sp / tp, s,
        100 * s / t, student.metrics().get("latency_p50_ms"), student.metrics().get("latency_p95_ms"));
    assertEquals(teacher.metrics().get("rows_test"), student.metrics().get("rows_test"));
    assertTrue(sp <= tp / 4, "student size");
    assertTrue(s >= 0.97 * t, "student keeps 97% of the teacher's ROC AUC: " + s + " vs " + t);
  }

  @Test
  void adaptedModelBeatsTargetOnlyTraining(@TempDir Path temp) throws IOException {
    Path lending = mapLendingClub(temp);
    Path[] german = splitGerman(temp, 200);
    List<String> shared = List.of("duration", "credit_amount", "employment");
    TrainingConfiguration sourceCfg = TrainingConfiguration.builder().organizationId("acme").modelName("US loans")
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "credit", List.of("risk"),
            List.of("roc_auc"), null, "bad", dev.modelkit.training.ClassWeighting.balanced(), false, null))
        .datasetConfig(new DatasetConfiguration(List.of(new DataSource("lending_mapped", DataFormat.CSV, lending.toString(),
            new DataSchema(List.of("duration", "credit_amount", "employment", "int_rate", "sub_grade", "annual_inc"),
                List.of("class"), Map.of()), null, null, null)), null, null, PreprocessingConfig.defaults(), null))
        .hyperparameters(Configs.germanHyperparameters().hiddenUnits(List.of(16)).batchSize(256).epochs(20).build())
        .validationConfig(Configs.holdout(0.2, 4))
        .build();
    dev.modelkit.core.store.FileArtifactStore store = dev.modelkit.core.store.FileArtifactStore.open(temp);
    TestContext sctx = new TestContext(sourceCfg, temp, ALICE, store);
    TrainingResult source = engine.train(sctx);
    sctx.register("us-loans", "1", source);

    DatasetConfiguration target = new DatasetConfiguration(
        List.of(new DataSource("german_200", DataFormat.ARFF, german[0].toString(), Configs.german().schema(), null, null,
            null)),
        null,
        List.of(new DataSource("german_rest", DataFormat.ARFF, german[1].toString(), Configs.german().schema(), null, null,
            null)),
        PreprocessingConfig.defaults(), null);
    TrainingConfiguration alone = Configs.germanCredit().datasetConfig(target)
        .hyperparameters(Configs.germanHyperparameters().hiddenUnits(List.of(16)).epochs(60).build())
        .validationConfig(Configs.holdout(0, 10))
        .build();
    TrainingResult targetOnly = engine.train(new TestContext(alone, temp, ALICE, store));

    TrainingConfiguration adaptCfg = alone.toBuilder().baseModel("model:us-loans:1")
        .trainingObjective(new TrainingObjective(ObjectiveType.DOMAIN_ADAPTATION, "credit", List.of("risk"),
            List.of("roc_auc"), null, "bad", null, false, null))
        .advancedConfig(new AdvancedTrainingConfig(null, null, null, null, new TransferLearningConfig("model:us-loans:1",
            List.of(), List.of(), TransferStrategy.FINE_TUNING, true, null), null))
        .build();
    TestContext actx = new TestContext(adaptCfg, temp, ALICE, store);
    actx.versions.putAll(sctx.versions);
    TrainingResult adapted = engine.train(actx);
    System.out.printf("Domain adaptation (Lending Club -> 200 German Credit rows, tested on the other 800): source test"
            + " ROC AUC %.4f; target only %.4f; adapted %.4f (%s shared, %.0f layers transferred)%n",
        source.metrics().get("test_roc_auc"), targetOnly.metrics().get("test_roc_auc"), adapted.metrics().get("test_roc_auc"),
        shared, adapted.metrics().get("transferred_layers"));
    assertEquals(800.0, adapted.metrics().get("rows_test"));
    assertTrue(adapted.metrics().get("transferred_layers") >= 2);
    assertTrue(adapted.metrics().get("test_roc_auc") > targetOnly.metrics().get("test_roc_auc"),
        "adapted " + adapted.metrics().get("test_roc_auc") + " vs target only " + targetOnly.metrics().get("test_roc_auc"));
  }

  /** Lending Club with the columns that mean what German Credit's do, renamed and bucketed. */
  static Path mapLendingClub(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(System.getProperty("modelkit.data"), "credit", "lending_club.csv"));
    List<String> header = List.of(lines.get(0).replace("\"", "").split(","));
    StringBuilder sb = new StringBuilder("duration,credit_amount,employment,int_rate,sub_grade,annual_inc,class\n");
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.replace("\"", "").split(",");
      String term = v[header.indexOf("term")];
      String emp = v[header.indexOf("emp_length")];
      sb.append(term.equals("term_60") ? 60 : 36).append(',').append(v[header.indexOf("funded_amnt")]).append(',')
          .append(employment(emp)).append(',').append(v[header.indexOf("int_rate")]).append(',')
          .append(v[header.indexOf("sub_grade")]).append(',').append(v[header.indexOf("annual_inc")]).append(',')
          .append(v[header.indexOf("Class")]).append('\n');
    }
    Path out = dir.resolve("lending_as_german.csv");
    Files.writeString(out, sb.toString());
    return out;
  }

  private static String employment(String emp) {
    return switch (emp) {
      case "emp_unk" -> "unemployed";
      case "emp_lt_1" -> "<1";
      case "emp_1", "emp_2", "emp_3" -> "1<=X<4";
      case "emp_4", "emp_5", "emp_6" -> "4<=X<7";
      default -> ">=7";
    };
  }

  /** German Credit split into a stratified sample of n rows and the rest, as two ARFF files. */
  static Path[] splitGerman(Path dir, int n) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(System.getProperty("modelkit.data"), "credit", "german_credit.arff"));
    int data = lines.indexOf("@data") + 1;
    List<String> header = lines.subList(0, data);
    List<String> bad = new ArrayList<>();
    List<String> good = new ArrayList<>();
    for (String l : lines.subList(data, lines.size())) {
      if (!l.isBlank()) {
        (l.endsWith(",bad") ? bad : good).add(l);
      }
    }
    SplittableRandom r = new SplittableRandom(2024);
    List<String> sample = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    pick(bad, n * bad.size() / (bad.size() + good.size()), r, sample, rest);
    pick(good, n - sample.size(), r, sample, rest);
    Path a = dir.resolve("german_sample.arff");
    Path b = dir.resolve("german_rest.arff");
    Files.write(a, concat(header, sample));
    Files.write(b, concat(header, rest));
    return new Path[] {a, b};
  }

  private static void pick(List<String> from, int k, SplittableRandom r, List<String> sample, List<String> rest) {
    List<String> copy = new ArrayList<>(from);
    for (int i = copy.size() - 1; i > 0; i--) {
      java.util.Collections.swap(copy, i, r.nextInt(i + 1));
    }
    sample.addAll(copy.subList(0, k));
    rest.addAll(copy.subList(k, copy.size()));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
