package dev.modelkit.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.config.Quantity;
import dev.modelkit.core.ModelKit;
import dev.modelkit.deploy.CanaryStage;
import dev.modelkit.deploy.DeploymentConfig;
import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.Environment;
import dev.modelkit.deploy.HealthCheckConfig;
import dev.modelkit.deploy.ModelDeployment;
import dev.modelkit.deploy.MonitoringConfig;
import dev.modelkit.deploy.ResourceAllocation;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.deploy.RolloutType;
import dev.modelkit.deploy.ServedPrediction;
import dev.modelkit.deploy.TargetType;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.MetricDirection;
import dev.modelkit.experiment.MetricEvent;
import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.MetricType;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiment.VariantStatus;
import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.monitoring.ReferenceData;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.EarlyStoppingConfig;
import dev.modelkit.training.JobState;
import dev.modelkit.training.MetricConfig;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.OptimizerConfig;
import dev.modelkit.training.OptimizerType;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingHyperparameters;
import dev.modelkit.training.TrainingJob;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One real ModelKit shared by the dashboard's tests: two German Credit versions trained with DJL,
 * the first live on the embedded router with real predictions recorded, the second in a canary
 * rollout, a knowledge base and a running experiment whose names carry HTML and script, and the
 * same kinds of object in a second organisation. Built once per test JVM (about half a minute).
 */
final class Fixture {
  static final String ORG = "acme";
  static final String OTHER_ORG = "globex";
  static final String EVIL = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">";
  static final Map<String, Principal> USERS = new LinkedHashMap<>();

  static {
    for (Principal p : List.of(
        Principal.of("dana", ORG, Roles.DATA_SCIENTIST),
        Principal.of("eric", ORG, Roles.ML_ENGINEER),
        Principal.of("bob", ORG, Roles.BUSINESS_USER),
        Principal.of("ada", ORG, Roles.ADMINISTRATOR),
        Principal.of("mallory", OTHER_ORG, Roles.ADMINISTRATOR))) {
      USERS.put(p.userId(), p);
    }
  }

  private static Fixture shared;

  final Path home;
  final ModelKit kit;
  final Dashboard dashboard;
  final String modelId;
  final String v1;
  final String v2;
  final String liveDeployment;
  final String canaryDeployment;
  final String knowledgeBase;
  final String experiment;
  final String otherOrgExperiment;

  /** The test authenticator: the {@code mk-user} cookie names one of {@link #USERS}. */
  static DashboardAuthenticator cookieAuthenticator() {
    return r -> {
      String user = r.cookie("mk-user");
      return user == null ? null : USERS.get(user);
    };
  }

  static synchronized Fixture get() throws Exception {
    if (shared == null) {
      shared = new Fixture();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  private Fixture() throws Exception {
    home = Files.createTempDirectory("modelkit-dashboard-test");
    kit = ModelKit.builder().home(home).dataRoot(data())
        .setting("modelkit.deployment.tickMillis", "50").setting("modelkit.deployment.minSamples", "20").build();
    CustomModelTrainingService dana = service("dana");
    CustomModelTrainingService eric = service("eric");
    TrainingJob first = trainAndWait(dana, config(ORG, 8, 42));
    TrainingJob second = trainAndWait(dana, config(ORG, 8, 7));
    modelId = first.modelId();
    v1 = first.modelVersion();
    v2 = second.modelVersion();

    liveDeployment = eric.deployModel(modelId, v1, target()).id();
    List<Map<String, Object>> rows = germanRows();
    List<Map<String, Object>> features = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      Map<String, Object> x = new LinkedHashMap<>(r);
      x.remove("class");
      features.add(x);
    }
    eric.monitoring().registerReference(modelId, v1, ReferenceData.builder().rows(features.subList(0, 700)).build());
    for (int i = 700; i < 900; i++) {
      ServedPrediction p = eric.deployments().predict(modelId, "applicant-" + i, features.get(i));
      if (p.predictionId() != null) {
        // the router records through a PredictionRecorder, whose ids are numbers
        eric.monitoring().recordOutcome(Long.parseLong(p.predictionId()), (String) rows.get(i).get("class"), Double.NaN);
      }
    }
    eric.monitoring().flush();
    ModelDeployment canary = eric.deployModel(modelId, v2, target(), new RolloutStrategy(RolloutType.CANARY, 10.0, 3600.0,
        List.of(new CanaryStage(10, 3600, List.of()), new CanaryStage(100, 0, List.of())), null, null));
    canaryDeployment = canary.id();

    KnowledgeBase kb = dana.createKnowledgeBase(ORG, "Credit policies", List.of(
        new KnowledgeDocument("policy-1", EVIL, "Applicants with a checking balance below zero need a second review. "
            + "Loans above 10000 need approval by the credit committee.", DocumentType.POLICY, "credit", List.of("lending"),
            null, null, null, null),
        new KnowledgeDocument("policy-2", "Affordability", "The installment commitment must stay under four percent of "
            + "disposable income for unsecured loans.", DocumentType.POLICY, "credit", List.of(), null, null, null, null)));
    knowledgeBase = kb.id();

    experiment = experiment(dana, EVIL + " scorecard test", true).id();
    otherOrgExperiment = experiment(service("mallory"), "globex secret test", false).id();

    dashboard = Dashboard.builder(kit::service).authenticator(cookieAuthenticator())
        .refreshInterval(Duration.ofMillis(200)).start();
  }

  CustomModelTrainingService service(String user) {
    return kit.service(USERS.get(user));
  }

  private ABTestExperiment experiment(CustomModelTrainingService s, String name, boolean withData) {
    List<ModelVariant> variants = List.of(
        new ModelVariant("control", "champion", "german-credit-risk", "1", Map.of(), 50, VariantStatus.ACTIVE, true),
        new ModelVariant("treatment", "challenger", "german-credit-risk", "2", Map.of(), 50, VariantStatus.ACTIVE, false));
    ABTestExperiment e = s.experiments().create(name, "the challenger approves more good applicants", variants,
        List.of(new SuccessMetric("good_loan", MetricType.BUSINESS, null, MetricDirection.INCREASE, Significance.PRIMARY,
            MetricKind.BINARY, 0.05)));
    if (!withData) {
      return e;
    }
    s.experiments().start(e.id());
    List<MetricEvent> events = new ArrayList<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    for (int i = 0; i < 400; i++) {
      String unit = "unit-" + i;
      String variant = s.experiments().assign(e.id(), unit, Map.of()).variantId();
      double p = variant.equals("treatment") ? 0.75 : 0.68;
      events.add(MetricEvent.conversion("good_loan", unit, random.nextDouble() < p));
    }
    s.experiments().record(e.id(), events);
    return e;
  }

  static Path data() {
    return Path.of(System.getProperty("modelkit.data", "../data"));
  }

  /** German Credit classifier on a hold-out split; early stopping off so that the epochs asked for are run. */
  static TrainingConfiguration config(String org, int epochs, long seed) {
    List<String> inputs = List.of("checking_status", "duration", "credit_history", "purpose", "credit_amount",
        "savings_status", "employment", "installment_commitment", "personal_status", "other_parties", "residence_since",
        "property_magnitude", "age", "other_payment_plans", "housing", "existing_credits", "job", "num_dependents",
        "own_telephone", "foreign_worker");
    DataSource german = new DataSource("german_credit", DataFormat.ARFF, "credit/german_credit.arff",
        new DataSchema(inputs, List.of("class"), Map.of()), null, null, null);
    return TrainingConfiguration.builder().organizationId(org).modelName("German credit risk")
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "risk_management",
            List.of("risk_classification"), List.of("roc_auc"), null, "bad", null, false, null))
        .datasetConfig(new DatasetConfiguration(List.of(german), null, null, PreprocessingConfig.defaults(), null))
        .hyperparameters(TrainingHyperparameters.builder().learningRate(0.003).batchSize(64).epochs(epochs).weightDecay(0.05)
            .optimizerConfig(new OptimizerConfig(OptimizerType.ADAMW, Map.of())).hiddenUnits(List.of(32)).seed(seed).build())
        .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0.2, 1,
            new EarlyStoppingConfig(false, 10, "roc_auc", 0, null), new MetricConfig("roc_auc", List.of("accuracy"), List.of()),
            null, null, null))
        .build();
  }

  static TrainingJob trainAndWait(CustomModelTrainingService s, TrainingConfiguration config) throws InterruptedException {
    TrainingJob job = s.createTrainingJob(config);
    s.startTraining(job.id());
    TrainingJob done = s.jobs().await(job.id(), Duration.ofMinutes(3));
    assertEquals(JobState.SUCCEEDED, done.state(), done.reason());
    return done;
  }

  static DeploymentTarget target() {
    ResourceAllocation res = new ResourceAllocation(Quantity.parse("1"), Quantity.parse("512Mi"), null, null);
    return new DeploymentTarget("embedded", "Embedded router", Environment.DEVELOPMENT, TargetType.EMBEDDED,
        new DeploymentConfig(1, res, Map.of(), new HealthCheckConfig("/health", 1, 2, 2), 0, null, 1), res, null,
        new MonitoringConfig(List.of(), List.of(), null));
  }

  /** The German Credit rows (features and {@code class}), read from the ARFF file's data section. */
  static List<Map<String, Object>> germanRows() throws Exception {
    List<String> names = new ArrayList<>();
    List<Boolean> numeric = new ArrayList<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(data().resolve("credit/german_credit.arff"), StandardCharsets.UTF_8)) {
      boolean inData = false;
      String line;
      while ((line = r.readLine()) != null) {
        line = line.trim();
        if (line.isEmpty() || line.startsWith("%")) {
          continue;
        }
        String lower = line.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("@attribute")) {
          String[] parts = line.split("\\s+", 3);
          names.add(parts[1].replace("'", ""));
          numeric.add(parts[2].toLowerCase(java.util.Locale.ROOT).startsWith("numeric")
              || parts[2].toLowerCase(java.util.Locale.ROOT).startsWith("real"));
        } else if (lower.startsWith("@data")) {
          inData = true;
        } else if (inData) {
          List<String> values = fields(line);
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 0; i < names.size() && i < values.size(); i++) {
            String v = values.get(i);
            row.put(names.get(i), numeric.get(i) ? (Object) Double.parseDouble(v) : v);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    out.add(current.toString().trim());
    return out;
  }

  void close() {
    try {
      dashboard.close();
    } finally {
      kit.close();
    }
  }
}
