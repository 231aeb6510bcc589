package dev.modelkit.samples;

import dev.modelkit.core.StandaloneTrainingContext;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.djl.PyTorchTrainingEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a credit-risk classifier on German Credit from a JSON configuration shaped like the
 * seed's ({@code german-credit-training.json}), with a console progress bar, and prints the
 * cross-validated metrics.
 *
 * <p>Run: {@code mvn -q -o -pl samples -am compile exec:java
 * -Dexec.mainClass=dev.modelkit.samples.TrainingQuickstart} from the repository root (the data
 * directory is {@code data/}, or the {@code modelkit.data} system property). The lead's main
 * quickstart calls {@link #run(Path, Path, PrintStream)}.
 */
public final class TrainingQuickstart {
  private static final String CONFIG = "german-credit-training.json";

  private TrainingQuickstart() {}

  /**
   * @param args ignored
   */
  public static void main(String[] args) {
    Path data = Path.of(System.getProperty("modelkit.data", "data"));
    try {
      Path home = Files.createTempDirectory("modelkit-quickstart");
      run(data, home, System.out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the configuration, trains with the pytorch engine, prints progress and metrics.
   *
   * @param dataRoot the directory holding {@code credit/german_credit.arff}
   * @param home where the engine and the artifact store keep their files
   * @param out where to print
   * @return the training result (artifacts, metrics, lineage)
   * @throws dev.modelkit.ConfigurationException if the JSON is invalid, listing every problem
   * @throws dev.modelkit.TrainingException if training fails
   */
  public static TrainingResult run(Path dataRoot, Path home, PrintStream out) {
    TrainingConfiguration config = new ConfigCodec().fromJson(resource(CONFIG), TrainingConfiguration.class);
    out.println("Training '" + config.modelName() + "' on " + dataRoot.resolve(
        config.datasetConfig().trainingData().get(0).source()));
    try (ArtifactStore store = FileArtifactStore.open(home);
        PyTorchTrainingEngine engine = new PyTorchTrainingEngine(home.resolve("pytorch"), Map.of(), dataRoot)) {
      // the engine used directly, without a runtime: no job records, scheduling or checkpoint retention
      TrainingResult result = engine.train(StandaloneTrainingContext.builder(config)
          .principal(Principal.of("analyst", config.organizationId(), Roles.DATA_SCIENTIST))
          .job("quickstart", "german-credit-risk").workDirectory(home.resolve("work")).dataRoot(dataRoot)
          .artifacts(store).onProgress(progressBar(out, config)).build());
      out.println();
      Map<String, Double> m = result.metrics();
      out.printf(Locale.ROOT, "Cross-validated (%d folds): ROC AUC %.3f +/- %.3f, accuracy %.3f, F1 %.3f, precision %.3f,"
          + " recall %.3f, reliability %.3f%n", config.validationConfig().crossValidation().folds(),
          m.get("cv_roc_auc_mean"), m.get("cv_roc_auc_std"), m.get("cv_accuracy_mean"), m.get("cv_f1_score_mean"),
          m.get("cv_precision_mean"), m.get("cv_recall_mean"), m.get("reliability"));
      out.printf(Locale.ROOT, "Final model: %d epochs (best %d), decision threshold %.3f, single-row latency p95 %.3f ms%n",
          m.get("epochs_run").intValue(), m.get("best_epoch").intValue(), m.get("threshold"), m.get("latency_p95_ms"));
      out.println(result.thresholdFailures().isEmpty() ? "Quality thresholds met."
          : "Quality thresholds missed: " + result.thresholdFailures());
      out.println("Artifacts: " + result.artifacts());
      out.println("Data fingerprints: " + result.datasetFingerprints());
      return result;
    }
  }

  private static String resource(String name) {
    try (InputStream in = TrainingQuickstart.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the samples' resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Draws a progress bar on the console: one line per fold and for the final model, stage
   * messages on their own lines.
   */
  private static StandaloneTrainingContext.ProgressListener progressBar(PrintStream out, TrainingConfiguration config) {
    int folds = config.validationConfig().crossValidation().enabled()
        ? config.validationConfig().crossValidation().folds() : 0;
    return (stage, epoch, totalEpochs, fold, metrics, message) -> {
      if (!stage.equals("model_training") || totalEpochs == 0) {
        if (message != null) {
          out.print("\r" + " ".repeat(100) + "\r");
          out.println(message);
        }
        return;
      }
      int width = 30;
      int filled = (int) Math.round(width * (double) epoch / totalEpochs);
      String what = fold > 0 ? "fold " + fold + "/" + folds : "final model";
      Double auc = metrics.get("val_roc_auc");
      out.printf(Locale.ROOT, "\r[%s%s] %-11s epoch %3d/%d  loss %.4f%s", "#".repeat(filled), ".".repeat(width - filled),
          what, epoch, totalEpochs, metrics.getOrDefault("loss", Double.NaN),
          auc == null ? "" : String.format(Locale.ROOT, "  val ROC AUC %.3f", auc));
      out.flush();
    };
  }
}
