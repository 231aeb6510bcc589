package dev.modelkit.core.pipeline;

import static dev.modelkit.core.pipeline.PipelineRunTest.DANA;
import static dev.modelkit.core.pipeline.PipelineRunTest.ORG;
import static dev.modelkit.core.pipeline.PipelineRunTest.WAIT;
import static dev.modelkit.core.pipeline.PipelineRunTest.gate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.Pipelines;
import dev.modelkit.core.ModelKit;
import dev.modelkit.core.privacy.EnvelopeCipher;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.pipeline.GateAction;
import dev.modelkit.pipeline.GateOperator;
import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.pipeline.PipelineRun;
import dev.modelkit.pipeline.PipelineStage;
import dev.modelkit.pipeline.RunState;
import dev.modelkit.pipeline.StageType;
import dev.modelkit.privacy.PiiReport;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.DatasetRows;
import dev.modelkit.spi.KeyProvider;
import dev.modelkit.spi.Predictor;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.PrivacyConfig;
import dev.modelkit.training.TrainingConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline with {@code privacyConfig.anonymization} and {@code encryption}: personal data is
 * found at ingestion, pseudonymised before training (the job trains on the copy), the copy and the
 * model are encrypted at rest and still served, and {@code accessControl} is enforced.
 */
class PrivacyPipelineTest {
  static final SecretKey KEY = new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
      "AES");
  static final KeyProvider KEYS = new KeyProvider() {
    @Override
    public String currentKeyId(String organizationId) {
      return "acme-2025";
    }

    @Override
    public SecretKey key(String keyId) {
      if (!keyId.equals("acme-2025")) {
        throw new IllegalArgumentException("unknown key " + keyId);
      }
      return KEY;
    }
  };

  @TempDir Path home;
  @TempDir Path data;
  PipelineHarness h;
  Path csv;

  @BeforeEach
  void open() throws Exception {
    h = new PipelineHarness(home, data, KEYS, Clock.systemUTC());
    StringBuilder sb = new StringBuilder("amount,note,label\n");
    String[] people = {"jane.roe@example.org", "+44 20 7946 0958", "j.smith@example.net", "(212) 555-0199"};
    for (int i = 0; i < 40; i++) {
      String note = i % 5 == 4 ? "no contact given" : "customer reachable at " + people[i % 4];
      sb.append(1000 + 37 * i).append(',').append(note).append(',').append(i % 3 == 0 ? "bad" : "good").append('\n');
    }
    csv = data.resolve("applications.csv");
    Files.writeString(csv, sb.toString());
  }

  @AfterEach
  void close() {
    h.close();
  }

  TrainingConfiguration config(PrivacyConfig privacy) {
    DataSource src = new DataSource("applications", DataFormat.CSV, "applications.csv",
        new DataSchema(List.of("amount", "note"), List.of("label"), null), null, null, null);
    TrainingConfiguration t = PipelineRunTest.germanCredit("Applications");
    return t.toBuilder().datasetConfig(new DatasetConfiguration(List.of(src), null, null, null, privacy)).build();
  }

  private byte[] atRest(String sha256) throws Exception {
    return Files.readAllBytes(home.resolve("artifacts").resolve("sha256").resolve(sha256.substring(0, 2))
        .resolve(sha256));
  }

  @Test
  void personalDataIsPseudonymisedBeforeTrainingAndEverythingStoredIsEncrypted() throws Exception {
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline p = dana.create(ModelTrainingPipeline.builder("applications",
            config(new PrivacyConfig(true, true, List.of("data_scientist"))))
        .stage(PipelineStage.of(StageType.DATA_INGESTION))
        .stage(PipelineStage.of(StageType.DATA_PREPROCESSING,
            gate("pii.findings", GateOperator.EQ, 0, GateAction.FAIL)))
        .stage(PipelineStage.of(StageType.MODEL_TRAINING))
        .stage(new PipelineStage(null, StageType.MODEL_VALIDATION, new dev.modelkit.pipeline.StageConfiguration(null,
            null, new dev.modelkit.monitoring.CostMatrix(Map.of("bad", Map.of("good", 5.0)), true), null, null, null,
            null), 0, null, List.of()))
        .build());
    int readsBefore = StumpEngine.READS.get();
    PipelineRun run = dana.await(dana.run(p.id()).id(), WAIT);
    assertEquals(RunState.SUCCEEDED, run.state(), run.reason());
    assertEquals(40.0, run.stages().get(3).metrics().get("business.scored_rows"));
    assertTrue(StumpEngine.READS.get() > readsBefore);

    // 32 of 40 notes hold one e-mail address or phone number
    assertEquals(32.0, run.stages().get(0).metrics().get("pii.findings"));
    assertEquals(16.0, run.stages().get(0).metrics().get("pii.email"));
    assertEquals(16.0, run.stages().get(0).metrics().get("pii.phone"));
    assertEquals(0.0, run.stages().get(1).metrics().get("pii.findings"));
    assertEquals(32.0, run.stages().get(1).metrics().get("pii.replaced"));

    DatasetRows trained = StumpEngine.TRAINED_ON.get(0);
    Set<String> tokens = new HashSet<>();
    Pattern token = Pattern.compile("(email|phone)_[0-9a-f]{16}");
    for (Map<String, Object> row : trained.rows()) {
      String note = (String) row.get("note");
      assertFalse(note.contains("@") || note.contains("7946") || note.contains("555"), note);
      Matcher m = token.matcher(note);
      if (m.find()) {
        tokens.add(m.group());
      }
    }
    assertEquals(4, tokens.size(), "four people, four stable pseudonyms: " + tokens);

    String copy = run.stages().get(1).outputs().get("dataset.training");
    byte[] copyAtRest = atRest(copy);
    assertTrue(EnvelopeCipher.isEncrypted(copyAtRest));
    assertFalse(new String(copyAtRest, StandardCharsets.ISO_8859_1).contains("email_"), "the copy is ciphertext");
    assertFalse(Files.exists(home.resolve("pipelines").resolve(run.id()).resolve("decrypted").resolve("training.jsonl")),
        "the decrypted copy is deleted after training");

    String modelId = run.stages().get(2).outputs().get("modelId");
    ModelVersion v = h.kit.service(DANA).models().get(modelId, run.stages().get(2).outputs().get("version"));
    assertTrue(EnvelopeCipher.isEncrypted(atRest(v.artifacts().get("model").sha256())), "the model is encrypted");
    try (Predictor predictor = h.kit.service(DANA).models().predictor(modelId, v.version())) {
      assertTrue(List.of("good", "bad").contains(predictor.predict(Map.of("amount", 1200.0, "note", "x")).label()));
    }
  }

  @Test
  void accessControlIsEnforcedForPipelinesJobsAndScans() throws Exception {
    PrivacyConfig restricted = new PrivacyConfig(false, false, List.of("risk_officer", "carol"));
    Pipelines dana = h.as(DANA);
    ModelTrainingPipeline p = dana.create(ModelTrainingPipeline.builder("applications", config(restricted))
        .stage(PipelineStage.of(StageType.DATA_INGESTION)).build());
    PipelineRun run = dana.await(dana.run(p.id()).id(), WAIT);
    assertEquals(RunState.FAILED, run.state());
    assertEquals("Stage 'data_ingestion' failed after 1 attempt: User 'dana' with roles [data_scientist] is not on the "
        + "data set's privacyConfig.accessControl [risk_officer, carol]; add the user or one of their roles to it, or "
        + "ask for a listed role", run.reason());
    AccessDeniedException job = assertThrows(AccessDeniedException.class,
        () -> h.kit.service(DANA).createTrainingJob(config(restricted)));
    assertTrue(job.getMessage().contains("privacyConfig.accessControl [risk_officer, carol]"), job.getMessage());
    Principal carol = Principal.of("carol", ORG, Roles.DATA_SCIENTIST);
    h.kit.service(carol).createTrainingJob(config(restricted));

    PiiReport scan = h.as(DANA).scanData(config(PrivacyConfig.none()).datasetConfig().trainingData());
    assertEquals(40, scan.scannedItems());
    assertEquals(32, scan.itemsWithFindings());
    assertTrue(scan.findings().stream().noneMatch(f -> f.preview().contains("example")), "previews are masked");
  }

  @Test
  void encryptionWithoutAKeyProviderIsRefusedNamingTheField(@TempDir Path other) {
    try (ModelKit plain = ModelKit.builder().home(other).build()) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> plain.service(DANA).createTrainingJob(config(new PrivacyConfig(false, true, List.of()))));
      assertTrue(e.getMessage().contains("datasetConfig.privacyConfig.encryption"), e.getMessage());
      assertTrue(e.getMessage().contains("keyProvider"), e.getMessage());
    }
  }
}
