package dev.modelkit.samples;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.config.Quantity;
import dev.modelkit.core.ModelKit;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.dashboard.Dashboard;
import dev.modelkit.dashboard.DashboardAuthenticator;
import dev.modelkit.deploy.CanaryStage;
import dev.modelkit.deploy.DeploymentConfig;
import dev.modelkit.deploy.DeploymentStatus;
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
import dev.modelkit.governance.AuditVerification;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.Prediction;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The end-to-end sample on the embedded default: everything runs in this process under one home
 * directory, on the real German Credit data.
 *
 * <ol>
 *   <li>A data scientist creates a training job from a JSON configuration shaped like the seed's
 *       and follows it with a progress bar; the DJL engine trains and cross-validates a risk
 *       classifier, and the job registers a model version with its metrics and lineage.
 *   <li>An ML engineer deploys it to the embedded router and an HTTP endpoint, scores real
 *       applicants through both, trains a challenger and rolls it out as a canary that is
 *       promoted only on live evidence.
 *   <li>A reviewer evaluates the champion (accuracy, fairness, robustness, efficiency,
 *       interpretability, champion/challenger) and writes the HTML report.
 *   <li>The A/B testing, monitoring and drift samples run on the same data.
 *   <li>A training pipeline runs German Credit through quality gates, training, validation against
 *       a cost matrix and the evaluation suite, and the HTML report's path is printed at the end.
 *   <li>The audit trail is verified.
 * </ol>
 *
 * <p>Run from the repository root: {@code mvn -q -B -DskipTests -pl samples -am package exec:java}.
 */
public final class Quickstart {
  private static final String ORG = "acme-bank";

  private Quickstart() {}

  /**
   * @param args ignored
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(System.getProperty("modelkit.data", "data"));
    Path home = Path.of(System.getProperty("modelkit.home", "target/quickstart-home"));
    deleteRecursively(home);
    PrintStream out = System.out;

    out.println("== 1. Train a risk classifier on German Credit (the real Statlog data) ==");
    try (ModelKit kit = ModelKit.builder().home(home.resolve("main")).dataRoot(data)
        .setting("modelkit.deployment.tickMillis", "200").setting("modelkit.deployment.minSamples", "100").build();
        Dashboard dashboard = startDashboard(kit, out)) {
      CustomModelTrainingService scientist = kit.service(Principal.of("dana", ORG, Roles.DATA_SCIENTIST));
      CustomModelTrainingService engineer = kit.service(Principal.of("eric", ORG, Roles.ML_ENGINEER));
      TrainingConfiguration config = new ConfigCodec().fromJson(resource("german-credit-training.json"),
          TrainingConfiguration.class);
      TrainingJob champion = train(scientist, config, out);
      ModelVersion v1 = scientist.models().get(champion.modelId(), champion.modelVersion());
      out.printf(Locale.ROOT, "Registered %s version %s (%s): cross-validated ROC AUC %.3f +/- %.3f, accuracy %.3f%n",
          v1.modelId(), v1.version(), v1.stage().wireName(), v1.metrics().get("cv_roc_auc_mean"),
          v1.metrics().get("cv_roc_auc_std"), v1.metrics().get("cv_accuracy_mean"));
      out.println("Lineage: data " + v1.lineage().datasetFingerprints() + ", seed " + v1.lineage().seed());

      out.println();
      out.println("== 2. Deploy it: embedded router and HTTP endpoint ==");
      ModelDeployment live = engineer.deployModel(v1.modelId(), v1.version(), target(), null);
      out.println("Deployment " + live.id() + " is " + live.status().wireName() + ", serving at " + live.endpoint());
      List<Map<String, Object>> applicants = GermanCredit.rows(data.resolve("credit/german_credit.arff"));
      for (int i = 0; i < 3; i++) {
        ServedPrediction p = engineer.deployments().predict(v1.modelId(), "applicant-" + i, applicants.get(i));
        Prediction pr = (Prediction) p.output();
        out.printf(Locale.ROOT, "  applicant %d (true class %s): predicted %s, P(bad) = %.3f by version %s%n", i,
            applicants.get(i).get("class"), pr.label(), pr.probability("bad"), p.version());
      }
      HttpResponse<String> http = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(live.endpoint() + "/v1/models/" + v1.modelId() + "/predict"))
          .POST(HttpRequest.BodyPublishers.ofString(GermanCredit.json(applicants.get(3)))).build(),
          HttpResponse.BodyHandlers.ofString());
      out.println("  POST /v1/models/" + v1.modelId() + "/predict -> " + http.statusCode() + " " + http.body());

      out.println();
      out.println("== 3. Train a challenger and roll it out as a canary judged on live evidence ==");
      TrainingConfiguration challengerConfig = config.toBuilder()
          .hyperparameters(config.hyperparameters().toBuilder().seed(7L).build()).build();
      TrainingJob challenger = train(scientist, challengerConfig, out);
      ModelDeployment canary = engineer.deployModel(challenger.modelId(), challenger.modelVersion(), target(),
          new RolloutStrategy(RolloutType.CANARY, 10.0, 2.0, List.of(
              new CanaryStage(10, 2, List.of("error_rate < 0.01", "latency < 200ms")),
              new CanaryStage(50, 2, List.of("error_rate < 0.01")),
              new CanaryStage(100, 0, List.of())), null, null));
      out.println("Canary " + canary.id() + ": " + canary.traffic());
      Map<String, Integer> servedBy = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int n = 0;
      while (System.nanoTime() < deadline) {
        ModelDeployment now = engineer.deployments().get(canary.id());
        if (now.status() != DeploymentStatus.ROLLING_OUT) {
          break;
        }
        Map<String, Object> row = applicants.get(n % applicants.size());
        servedBy.merge(engineer.deployments().predict(v1.modelId(), "applicant-" + n, row).version(), 1, Integer::sum);
        n++;
      }
      ModelDeployment done = engineer.deployments().get(canary.id());
      out.println("Replayed " + n + " real applicants; served by version: " + servedBy);
      out.println("Canary ended " + done.status().wireName() + (done.reason() == null ? "" : ": " + done.reason()));
      out.println("Traffic history:");
      engineer.deployments().history(v1.modelId()).forEach(c ->
          out.println("  " + c.time() + "  " + c.traffic() + "  (" + c.reason() + ")"));

      out.println();
      out.println("== 3b. A model-risk reviewer evaluates the champion against the challenger ==");
      // the credit data is restricted to data scientists and risk analysts: the reviewer is a risk analyst
      // with read access, so she may read the data but change nothing
      EvaluationQuickstart.run(kit.service(Principal.of("rita", ORG, Roles.BUSINESS_USER, "risk_analyst")), v1.modelId(),
          v1.version(), challenger.modelVersion(), config.datasetConfig().trainingData(), home.resolve("reports"), out);

      out.println();
      out.println("== 4. Audit ==");
      AuditVerification audit = kit.service(Principal.of("ada", ORG, Roles.ADMINISTRATOR)).audit().verify();
      out.println("Audit chain of " + ORG + ": " + audit.recordsChecked() + " records, "
          + (audit.valid() ? "intact" : "PROBLEMS " + audit.problems()) + ", head " + audit.headHash());
    }

    faultyReleaseRollsBackByItself(home.resolve("main"), data, out);

    out.println();
    out.println("== 5. A/B test two credit scorecards with sequential statistics ==");
    try (StandaloneExperiments runtime = new StandaloneExperiments(home.resolve("experiments"))) {
      ExperimentQuickstart.run(runtime.experiments(), CreditApplicant.read(data.resolve("credit/german_credit.arff")),
          runtime::advance, out);
    }

    out.println();
    out.println("== 6. Monitor a model on Lending Club, then inject a shift in annual income ==");
    MonitoringQuickstart.run(home.resolve("monitoring"), data, out);

    out.println();
    out.println("== 7. The whole pipeline on German Credit: quality gates, training, validation, evaluation ==");
    PipelineQuickstart.Result pipeline = PipelineQuickstart.run(home.resolve("pipeline"), data, out);
    out.println();
    out.println("Done. Everything above lives under " + home.toAbsolutePath());
    if (pipeline.htmlReport() != null) {
      out.println("Evaluation report (HTML) of the pipeline's model: " + pipeline.htmlReport().toAbsolutePath());
    }
  }

  /**
   * Reopens the runtime on the same home (the live deployment is restored and serves at once),
   * then releases the other trained version as a canary after wrapping its predictor so that 10%
   * of its predictions fail. The target's alert "error_rate > 0.05" with action {@code rollback}
   * fires when monitoring closes the version's window, and rolls the canary back on its own.
   */
  static void faultyReleaseRollsBackByItself(Path home, Path data, PrintStream out) throws Exception {
    out.println();
    out.println("== 4b. A faulty release: canary, monitoring alert, automatic rollback ==");
    try (ModelKit kit = ModelKit.builder().home(home).dataRoot(data)
        .setting("modelkit.deployment.target", FaultInjectingDeploymentProvider.NAME)
        .setting("modelkit.deployment.tickMillis", "200").build()) {
      CustomModelTrainingService engineer = kit.service(Principal.of("eric", ORG, Roles.ML_ENGINEER));
      ModelDeployment live = engineer.deployments().list().stream()
          .filter(d -> d.status() == DeploymentStatus.LIVE).reduce((a, b) -> b)
          .orElseThrow(() -> new IllegalStateException("no live deployment was restored from " + home));
      String model = live.modelId();
      String faulty = engineer.models().versions(model).stream().map(ModelVersion::version)
          .filter(v -> !v.equals(live.version())).reduce((a, b) -> b).orElseThrow();
      out.println("Restored after reopening the runtime: version " + live.version() + " of " + model + " serves "
          + engineer.deployments().liveAt(model, kit.clock().instant()));
      FaultInjectingDeploymentProvider.arm(model, faulty, 0.10, 42);
      ResourceAllocation res = new ResourceAllocation(Quantity.parse("1"), Quantity.parse("1Gi"), null, null);
      DeploymentTarget guarded = new DeploymentTarget("quickstart-guarded", "Embedded, guarded by an alert",
          Environment.DEVELOPMENT, TargetType.EMBEDDED,
          new DeploymentConfig(1, res, Map.of(), new HealthCheckConfig("/health", 5, 2, 2), 0, null, 4), res, null,
          new MonitoringConfig(List.of("error_rate"), List.of(new dev.modelkit.deploy.AlertConfig("High Error Rate",
              "error_rate > 0.05", 0.05, List.of("alert", "rollback"))), null));
      ModelDeployment canary = engineer.deployModel(model, faulty, guarded, new RolloutStrategy(RolloutType.CANARY, 20.0,
          180.0, List.of(new CanaryStage(20, 180, List.of("latency < 200ms")), new CanaryStage(100, 0, List.of())),
          null, null));
      out.println("Canary " + canary.id() + " of version " + faulty + " (its predictor fails 10% of calls; health checks pass): "
          + canary.traffic());
      List<Map<String, Object>> applicants = GermanCredit.rows(data.resolve("credit/german_credit.arff"));
      Map<String, Integer> served = new HashMap<>();
      int failed = 0;
      int n = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
      while (System.nanoTime() < deadline
          && engineer.deployments().get(canary.id()).status() == DeploymentStatus.ROLLING_OUT) {
        try {
          served.merge(engineer.deployments().predict(model, "applicant-" + n, applicants.get(n % applicants.size()))
              .version(), 1, Integer::sum);
        } catch (dev.modelkit.DeploymentException e) {
          // only the wrapped version fails; the live one serves every request it gets
          failed++;
        }
        n++;
        if (n % 200 == 0) {
          Thread.sleep(20);
        }
      }
      ModelDeployment after = engineer.deployments().get(canary.id());
      out.println("Replayed " + n + " applicants: served " + served + ", " + failed + " failed (injected faults of version "
          + faulty + ")");
      out.println("Canary ended " + after.status().wireName() + "; traffic now " + after.traffic());
      var audit = kit.service(Principal.of("ada", ORG, Roles.ADMINISTRATOR)).audit()
          .query("deployment", canary.id(), null, null, null, 100);
      var last = audit.get(audit.size() - 1).draft();
      out.println("Audit: " + last.action() + " by " + last.principal() + ": " + last.reason());
    }
  }

  /**
   * Starts the web console on this machine's loopback interface so that the training, the canary
   * and the audit below can be watched live. Port from {@code -Dmodelkit.dashboard.port} (default:
   * any free port); the local authenticator signs every local visitor in as an administrator of
   * the sample's organisation, which is only acceptable on a developer's machine.
   */
  private static Dashboard startDashboard(ModelKit kit, PrintStream out) {
    int port = Integer.getInteger("modelkit.dashboard.port", 0);
    Dashboard dashboard = Dashboard.start(kit::service, port,
        DashboardAuthenticator.localUser(Principal.of("ada", ORG, Roles.ADMINISTRATOR)));
    out.println("Dashboard: open " + dashboard.uri() + " to watch training, deployments and costs live");
    return dashboard;
  }

  private static TrainingJob train(CustomModelTrainingService s, TrainingConfiguration config, PrintStream out)
      throws InterruptedException {
    TrainingJob job = s.createTrainingJob(config);
    try (AutoCloseable ignored = s.jobs().subscribe(job.id(), e -> bar(e, out))) {
      s.startTraining(job.id());
      TrainingJob done = s.jobs().await(job.id(), Duration.ofMinutes(20));
      out.println();
      if (done.state() != JobState.SUCCEEDED) {
        throw new IllegalStateException("training job " + job.id() + " ended " + done.state() + ": " + done.reason());
      }
      return done;
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void bar(TrainingEvent e, PrintStream out) {
    if (e.totalEpochs() <= 0) {
      return;
    }
    int width = 30;
    int filled = Math.min(width, e.epoch() * width / e.totalEpochs());
    Double auc = e.metrics().get("val_roc_auc");
    out.printf(Locale.ROOT, "\r  %-16s fold %d  [%s%s] epoch %3d/%d%s", e.stage(), e.fold(), "#".repeat(filled),
        " ".repeat(width - filled), e.epoch(), e.totalEpochs(), auc == null ? "" : String.format(Locale.ROOT,
            "  val ROC AUC %.3f", auc));
  }

  private static DeploymentTarget target() {
    ResourceAllocation res = new ResourceAllocation(Quantity.parse("1"), Quantity.parse("1Gi"), null, null);
    return new DeploymentTarget("quickstart-api", "Quickstart API", Environment.DEVELOPMENT, TargetType.API,
        new DeploymentConfig(2, res, Map.of("LOG_LEVEL", "INFO"), new HealthCheckConfig("/health", 5, 2, 2), 0, null, 4),
        res, null, new MonitoringConfig(List.of("requests_per_second", "latency", "error_rate"), List.of(), null));
  }

  static String resource(String name) {
    try (InputStream in = Quickstart.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the samples' resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
