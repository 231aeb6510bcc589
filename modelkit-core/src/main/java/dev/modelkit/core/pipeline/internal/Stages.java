package dev.modelkit.core.pipeline.internal;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.privacy.Anonymizer;
import dev.modelkit.core.privacy.EncryptedArtifactStore;
import dev.modelkit.core.privacy.EnvelopeCipher;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.evaluation.EvaluationReport;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.monitoring.AlertRule;
import dev.modelkit.monitoring.CostMatrix;
import dev.modelkit.monitoring.ReferenceData;
import dev.modelkit.pipeline.StageConfiguration;
import dev.modelkit.privacy.AnonymizationMethod;
import dev.modelkit.privacy.PiiReport;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.DatasetRows;
import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.JobState;
import dev.modelkit.training.PrivacyConfig;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What each stage type does. Every call into training, evaluation, deployment and monitoring goes
 * through the service bound to the run's user, so the runtime's permission checks and audit apply.
 */
public final class Stages {
  /** The data set roles a pipeline copies: training, validation and test data. */
  static final List<String> ROLES = List.of("training", "validation", "test");

  private final Function<byte[], byte[]> pseudonymKey;

  /** @param pseudonymKey the organisation's pseudonymisation key, given the organisation id's bytes */
  public Stages(Function<byte[], byte[]> pseudonymKey) {
    this.pseudonymKey = pseudonymKey;
  }

  /**
   * @param c the stage's context
   * @return what it produced
   * @throws Exception any failure; {@link StageFailure} says whether a retry can help
   */
  public StageOutcome execute(StageContext c) throws Exception {
    return switch (c.stage().type()) {
      case DATA_INGESTION -> ingest(c);
      case DATA_PREPROCESSING -> preprocess(c);
      case FEATURE_ENGINEERING -> features(c);
      case MODEL_TRAINING -> train(c);
      case MODEL_VALIDATION -> validate(c);
      case MODEL_TESTING -> test(c);
      case MODEL_DEPLOYMENT -> deploy(c);
      case MONITORING_SETUP -> monitoring(c);
    };
  }

  // ------------------------------------------------------------------ data

  private static DatasetConfiguration data(StageContext c) {
    return c.pipeline().training().datasetConfig();
  }

  private static List<DataSource> sources(StageContext c, String role) {
    DatasetConfiguration d = data(c);
    return switch (role) {
      case "training" -> d.trainingData();
      case "validation" -> d.validationData();
      default -> d.testData();
    };
  }

  private static DatasetRows read(StageContext c, List<DataSource> sources) {
    AccessControl.require(c.principal(), sources, data(c).privacyConfig());
    TrainingEngine engine = c.env().engine().get();
    return engine.readDataset(sources, c.env().dataRoot(), data(c).dataPreprocessing().invalidRows(), c.env().clock());
  }

  private static String labelField(StageContext c) {
    return data(c).trainingData().get(0).schema().outputFields().get(0);
  }

  private static Map<String, Double> qualityAndPii(StageContext c, DatasetRows rows, String label) {
    Map<String, Double> m = new LinkedHashMap<>(DataQuality.of(rows, labelField(c)));
    PiiReport pii = c.env().scanner().scan(rows, label);
    m.putAll(DataQuality.of(pii));
    return m;
  }

  private StageOutcome ingest(StageContext c) {
    DatasetRows rows = read(c, data(c).trainingData());
    Map<String, String> outputs = new LinkedHashMap<>();
    rows.fingerprints().forEach((id, sha) -> outputs.put("fingerprint." + id, sha));
    Map<String, Double> m = qualityAndPii(c, rows, "training data");
    return new StageOutcome(m, outputs, "Read " + rows.size() + " rows (" + rows.skippedRows()
        + " skipped for unparsable cells, " + rows.filteredRows() + " filtered) from "
        + data(c).trainingData().stream().map(DataSource::id).toList());
  }

  private StageOutcome preprocess(StageContext c) {
    PrivacyConfig privacy = data(c).privacyConfig();
    if (!privacy.anonymization()) {
      DatasetRows rows = read(c, data(c).trainingData());
      return new StageOutcome(qualityAndPii(c, rows, "training data"), Map.of(),
          "privacyConfig.anonymization is off: the training data is used as it is");
    }
    StageConfiguration sc = c.stage().configuration();
    AnonymizationMethod method = sc.anonymization() == null ? AnonymizationMethod.PSEUDONYMIZE : sc.anonymization();
    Anonymizer anonymizer = new Anonymizer(c.env().scanner(), method,
        method == AnonymizationMethod.PSEUDONYMIZE
            ? pseudonymKey.apply(c.pipeline().organizationId().getBytes(java.nio.charset.StandardCharsets.UTF_8))
            : null);
    Map<String, String> outputs = new LinkedHashMap<>();
    Map<String, Double> metrics = new LinkedHashMap<>();
    long replaced = 0;
    for (String role : ROLES) {
      List<DataSource> sources = sources(c, role);
      if (sources.isEmpty()) {
        continue;
      }
      DatasetRows rows = read(c, sources);
      PiiReport before = c.env().scanner().scan(rows, role + " data");
      replaced += before.total();
      DatasetRows anonymised = anonymise(rows, anonymizer);
      byte[] copy = DatasetCopies.toJsonLines(anonymised);
      if (privacy.encryption()) {
        ArtifactRef ref = DatasetCopies.storeEncrypted(encrypting(c), copy);
        outputs.put("dataset." + role, ref.sha256());
      } else {
        Path file = c.runDirectory().resolve("data").resolve(role + ".jsonl");
        DatasetCopies.writeAtomically(file, copy);
        outputs.put("datasetFile." + role, file.toString());
      }
      outputs.put("types." + role, c.env().json().toJson(new TypeList(anonymised.types())));
      if (role.equals("training")) {
        metrics.putAll(qualityAndPii(c, anonymised, "anonymised training data"));
      }
    }
    metrics.put("pii.replaced", (double) replaced);
    return new StageOutcome(metrics, outputs, (method == AnonymizationMethod.MASK ? "Masked " : "Pseudonymised ")
        + replaced + " personal data values; the copy training reads is "
        + (privacy.encryption() ? "encrypted in the artifact store" : "under " + c.runDirectory().resolve("data")));
  }

  /**
   * The column types of a copy, stored as an output so the training stage can declare them.
   *
   * @param types field to type
   */
  public record TypeList(Map<String, dev.modelkit.training.DataType> types) {}

  private static EncryptedArtifactStore encrypting(StageContext c) {
    EnvelopeCipher cipher = c.env().cipher();
    if (cipher == null) {
      throw new StageFailure("privacyConfig.encryption is on but this runtime has no key provider; "
          + "set ModelKit.builder().keyProvider(...)", false);
    }
    return new EncryptedArtifactStore(c.env().artifacts(), cipher, c.pipeline().organizationId());
  }

  private static DatasetRows anonymise(DatasetRows rows, Anonymizer anonymizer) {
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows.rows()) {
      Map<String, Object> copy = new HashMap<>(row);
      for (Map.Entry<String, Object> e : copy.entrySet()) {
        if (e.getValue() instanceof String s) {
          e.setValue(anonymizer.anonymize(s));
        }
      }
      out.add(copy);
    }
    return new DatasetRows(rows.columns(), rows.types(), out, rows.fingerprints(), rows.skippedRows(),
        rows.skippedExamples(), rows.filteredRows());
  }

  private StageOutcome features(StageContext c) {
    DatasetRows rows = read(c, data(c).trainingData());
    List<String> inputs = data(c).trainingData().get(0).schema().inputFields();
    int constant = 0;
    double maxMissing = 0;
    for (String f : inputs) {
      java.util.Set<Object> distinct = new java.util.HashSet<>();
      int missing = 0;
      for (Map<String, Object> row : rows.rows()) {
        Object v = row.get(f);
        if (v == null) {
          missing++;
        } else if (distinct.size() < 2) {
          distinct.add(v);
        }
      }
      if (distinct.size() < 2) {
        constant++;
      }
      maxMissing = Math.max(maxMissing, rows.size() == 0 ? 1.0 : (double) missing / rows.size());
    }
    return new StageOutcome(Map.of("features.count", (double) inputs.size(), "features.constant", (double) constant,
        "features.max_missing_share", maxMissing), Map.of(), inputs.size() + " input features profiled; " + constant
        + " constant (the engine encodes and scales features itself)");
  }

  // ------------------------------------------------------------------ model

  private StageOutcome train(StageContext c) throws InterruptedException, java.io.IOException {
    CustomModelTrainingService s = c.service();
    List<Path> plaintext = new ArrayList<>();
    TrainingConfiguration config = jobConfiguration(c, plaintext);
    try {
      TrainingJob job = s.createTrainingJob(config);
      s.startTraining(job.id());
      while (!job.state().isTerminal()) {
        if (c.stopRequested().getAsBoolean()) {
          s.jobs().cancel(job.id(), "pipeline run " + c.runId() + " stopped (cancelled or timed out)");
          throw new StageFailure("Training job " + job.id() + " was cancelled because the run was stopped", false);
        }
        job = s.jobs().await(job.id(), Duration.ofMillis(200));
      }
      if (job.state() != JobState.SUCCEEDED) {
        throw new StageFailure("Training job " + job.id() + " ended " + job.state().wireName() + ": " + job.reason(),
            true);
      }
      return new StageOutcome(job.metrics(), Map.of("jobId", job.id(), "modelId", job.modelId(), "version",
          job.modelVersion()), "Trained " + job.modelId() + " version " + job.modelVersion() + " in job " + job.id());
    } finally {
      for (Path p : plaintext) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The pipeline's training configuration, reading the anonymised copies when the data was anonymised. */
  private static TrainingConfiguration jobConfiguration(StageContext c, List<Path> plaintext) {
    TrainingConfiguration t = c.pipeline().training();
    DatasetConfiguration d = t.datasetConfig();
    if (!d.privacyConfig().anonymization()) {
      return t;
    }
    Map<String, List<DataSource>> replaced = new LinkedHashMap<>();
    for (String role : ROLES) {
      List<DataSource> originals = sources(c, role);
      if (originals.isEmpty()) {
        replaced.put(role, List.of());
        continue;
      }
      Path file;
      String sha = c.outputs().get("dataset." + role);
      if (sha != null) {
        file = c.runDirectory().resolve("decrypted").resolve(role + ".jsonl");
        EnvelopeCipher cipher = c.env().cipher();
        if (cipher == null) {
          throw new StageFailure("the anonymised data is encrypted but this runtime has no key provider", false);
        }
        DatasetCopies.materialise(new EncryptedArtifactStore(c.env().artifacts(), cipher, t.organizationId()), sha,
            file);
        plaintext.add(file);
      } else {
        file = Path.of(c.requireOutput("datasetFile." + role, "data_preprocessing"));
      }
      TypeList types = c.env().json().fromJson(c.requireOutput("types." + role, "data_preprocessing"), TypeList.class);
      replaced.put(role, List.of(DatasetCopies.sourceFor(originals.get(0).id() + "-anonymised", file,
          originals.get(0), types.types())));
    }
    // the pipeline anonymised the data; the job trains on the copies and keeps encryption and access control
    PrivacyConfig privacy = new PrivacyConfig(false, d.privacyConfig().encryption(), d.privacyConfig().accessControl());
    return t.toBuilder().datasetConfig(new DatasetConfiguration(replaced.get("training"), replaced.get("validation"),
        replaced.get("test"), d.dataPreprocessing(), privacy)).build();
  }

  /** The rows the model was trained on: the anonymised copy when there is one, so no personal data reaches monitoring. */
  private static DatasetRows modelTrainingRows(StageContext c) throws java.io.IOException {
    if (!data(c).privacyConfig().anonymization()) {
      return read(c, data(c).trainingData());
    }
    List<Path> plaintext = new ArrayList<>();
    try {
      List<DataSource> copy = jobConfiguration(c, plaintext).datasetConfig().trainingData();
      return read(c, copy);
    } finally {
      for (Path p : plaintext) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String[] version(StageContext c) {
    return new String[] {c.requireOutput("modelId", "model_training"), c.requireOutput("version", "model_training")};
  }

  private StageOutcome validate(StageContext c) throws Exception {
    String[] mv = version(c);
    ModelVersion v = c.service().models().get(mv[0], mv[1]);
    Map<String, Double> m = new LinkedHashMap<>(v.metrics());
    CostMatrix costs = c.stage().configuration().costMatrix();
    String message = "Version " + mv[0] + " " + mv[1] + " has metrics " + new java.util.TreeSet<>(v.metrics().keySet());
    if (costs != null) {
      List<DataSource> data = c.stage().configuration().evaluationData();
      List<Path> plaintext = new ArrayList<>();
      DatasetRows rows;
      try {
        if (data.isEmpty()) {
          // the model saw the anonymised copy: score that, so no personal data is read again
          DatasetConfiguration seen = jobConfiguration(c, plaintext).datasetConfig();
          data = seen.testData().isEmpty() ? seen.trainingData() : seen.testData();
        }
        rows = read(c, data);
      } finally {
        for (Path f : plaintext) {
          Files.deleteIfExists(f);
        }
      }
      String label = data.get(0).schema().outputFields().get(0);
      double total = 0;
      int scored = 0;
      try (Predictor p = c.service().models().predictor(mv[0], mv[1])) {
        List<Prediction> predictions = p.predictBatch(rows.rows());
        for (int i = 0; i < predictions.size(); i++) {
          Object truth = rows.rows().get(i).get(label);
          Prediction pr = predictions.get(i);
          if (truth == null || !pr.ok()) {
            continue;
          }
          total += costs.costs().getOrDefault(String.valueOf(truth), Map.of()).getOrDefault(pr.label(), 0.0);
          scored++;
        }
      }
      if (scored == 0) {
        throw new StageFailure("No row of " + data.stream().map(DataSource::id).toList()
            + " could be scored for the cost matrix (labels missing or every prediction failed)", false);
      }
      m.put("business.total_cost", total);
      m.put("business.expected_cost", total / scored);
      m.put("business.scored_rows", (double) scored);
      message += String.format(java.util.Locale.ROOT, "; expected cost %.4f per decision over %d rows", total / scored,
          scored);
    }
    return new StageOutcome(m, Map.of(), message);
  }

  private StageOutcome test(StageContext c) {
    String[] mv = version(c);
    EvaluationReport report = c.service().evaluations().evaluate(mv[0], mv[1], c.stage().configuration().evaluation());
    return new StageOutcome(report.metrics(), Map.of("reportId", report.id()),
        "Evaluation report " + report.id() + " with " + report.metrics().size() + " metrics");
  }

  private StageOutcome deploy(StageContext c) {
    String[] mv = version(c);
    StageConfiguration sc = c.stage().configuration();
    ModelDeployment d = c.service().deployModel(mv[0], mv[1], sc.deploymentTarget(), sc.rolloutStrategy());
    return new StageOutcome(Map.of(), Map.of("deploymentId", d.id(), "deploymentStatus", d.status().wireName()),
        "Deployment " + d.id() + " of " + mv[0] + " " + mv[1] + " is " + d.status().wireName());
  }

  private StageOutcome monitoring(StageContext c) throws java.io.IOException {
    String[] mv = version(c);
    DatasetRows rows = modelTrainingRows(c);
    List<String> inputs = data(c).trainingData().get(0).schema().inputFields();
    List<Map<String, Object>> features = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows.rows()) {
      Map<String, Object> f = new LinkedHashMap<>();
      for (String in : inputs) {
        f.put(in, row.get(in));
      }
      features.add(f);
    }
    c.service().monitoring().registerReference(mv[0], mv[1], ReferenceData.builder().rows(features).build());
    List<AlertRule> rules = c.stage().configuration().alertRules();
    for (AlertRule r : rules) {
      c.service().monitoring().addAlertRule(mv[0], r);
    }
    return new StageOutcome(Map.of("monitoring.reference_rows", (double) rows.size(), "monitoring.alert_rules",
        (double) rules.size()), Map.of(), "Registered " + rows.size() + " reference rows and " + rules.size()
        + " alert rules for " + mv[0] + " " + mv[1]);
  }

}
