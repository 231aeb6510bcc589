package dev.modelkit.benchmarks;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.Deployments;
import dev.modelkit.config.Quantity;
import dev.modelkit.core.ModelKit;
import dev.modelkit.core.config.ConfigCodec;
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
import dev.modelkit.deploy.TargetType;
import dev.modelkit.deployment.internal.HttpServingEndpoint;
import dev.modelkit.deployment.internal.Router;
import dev.modelkit.deployment.internal.ServingMetrics;
import dev.modelkit.deployment.internal.ServingRequests;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Bounded load tests of the HTTP target on loopback with German Credit models trained by the DJL
 * engine. Two modes:
 *
 * <ul>
 *   <li>{@code throughput}: steady load for a fixed time; prints requests per second and latency
 *       percentiles.
 *   <li>{@code changes}: 60 seconds of load through a blue-green switch, a full canary promotion,
 *       a rolling update and a rollback; prints failed requests and the p99 during each change
 *       beside the steady-state p99 measured in the same run.
 *   <li>{@code compare}: the same clients against the Netty endpoint and the JDK {@code HttpServer}
 *       baseline ({@link JdkHttpBaseline}) in turn, both answering through the same code; prints
 *       each phase and the ratios. Arguments: seconds per phase, clients, rounds.
 * </ul>
 *
 * <p>Run (after {@code mvn -q -pl benchmarks -am package -DskipTests}):
 * {@code java -Dai.djl.offline=true -Dmodelkit.data=data -cp benchmarks/target/benchmarks.jar
 * dev.modelkit.benchmarks.ServingLoad throughput 20 8}, {@code ... ServingLoad changes 60 4} or
 * {@code ... ServingLoad compare 10 8 2}.
 */
public final class ServingLoad {
  private static final String BODY = ServingLoadBody.BODY;

  private ServingLoad() {}

  /**
   * @param args mode ({@code throughput} or {@code changes}), seconds, client threads
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "throughput";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Path home = Files.createTempDirectory("modelkit-serving-load");
    try (ModelKit kit = ModelKit.builder().home(home)
        .dataRoot(Path.of(System.getProperty("modelkit.data", "data")))
        .setting("modelkit.deployment.tickMillis", "200")
        .setting("modelkit.deployment.minSamples", "100").build()) {
      CustomModelTrainingService scientist = kit.service(Principal.of("dana", "acme", Roles.DATA_SCIENTIST));
      CustomModelTrainingService engineer = kit.service(Principal.of("eric", "acme", Roles.ML_ENGINEER));
      int versions = mode.equals("changes") ? 4 : 1;
      List<String> v = new ArrayList<>();
      for (int i = 0; i < versions; i++) {
        v.add(train(scientist, 42L + i));
      }
      Deployments d = engineer.deployments();
      ModelDeployment first = d.deploy("german-credit", v.get(0), target(2), null);
      int port = Integer.parseInt(first.endpoint().substring(first.endpoint().lastIndexOf(':') + 1));
      if (mode.equals("compare")) {
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        compare(d, seconds, clients, rounds);
        return;
      }
      try (LoopbackLoad load = new LoopbackLoad(port, "/v1/models/german-credit/predict", BODY, clients, seconds + 30,
          2_000_000)) {
        load.start();
        if (mode.equals("changes")) {
          changes(d, v, load, seconds);
        } else {
          Thread.sleep(3000);
          Map<String, Long> cpuFrom = cpuByRole();
          long from = System.nanoTime();
          Thread.sleep(seconds * 1000L);
          long to = System.nanoTime();
          Map<String, Long> cpuTo = cpuByRole();
          long[] lat = load.latencies(from, to);
          System.out.printf(Locale.ROOT, "throughput: %d clients, %d s: %.0f requests/s, p50 %.3f ms, p99 %.3f ms, "
              + "p99.9 %.3f ms, failed %d%n", clients, seconds, lat.length / ((to - from) / 1e9),
              LoopbackLoad.percentileMillis(lat, 0.5), LoopbackLoad.percentileMillis(lat, 0.99),
              LoopbackLoad.percentileMillis(lat, 0.999), load.failures());
          // CPU time per request does not depend on how many other processes share the cores, so
          // it tells what 2 dedicated cores could serve when the wall-clock figures cannot
          for (String role : cpuTo.keySet()) {
            double us = (cpuTo.get(role) - cpuFrom.getOrDefault(role, 0L)) / 1e3 / Math.max(1, lat.length);
            System.out.printf(Locale.ROOT, "cpu per request, %s threads: %.1f us%n", role, us);
          }
        }
      }
    }
  }

  /**
   * Runs the same client against the Netty endpoint and the JDK baseline in turn ({@code rounds}
   * times each, alternating, so a change in the machine's load hits both, after an unrecorded
   * warm-up of each), both answering through
   * one {@link ServingRequests} over the runtime's embedded {@code predict}, and prints each phase
   * and the totals.
   */
  private static void compare(Deployments d, int seconds, int clients, int rounds) throws Exception {
    ServingRequests requests = new ServingRequests((m, k, f) -> {
      dev.modelkit.deploy.ServedPrediction p = d.predict(m, k, f);
      return new Router.Routed(p.version(), p.output(), p.predictionId(), p.latencyNanos());
    }, new ServingMetrics(), () -> true);
    // the same worker count as the deployed target: max(4, 2 replicas x concurrency 8)
    int threads = 16;
    Map<String, double[]> totals = new java.util.LinkedHashMap<>();
    try (HttpServingEndpoint netty = new HttpServingEndpoint("127.0.0.1", 0, threads, requests, new ServingMetrics());
        JdkHttpBaseline jdk = new JdkHttpBaseline(threads, requests)) {
      // both servers' code paths compiled before anything is measured
      Map<String, double[]> warmUp = new java.util.HashMap<>();
      phase("warm-up netty", netty.port(), seconds, clients, warmUp);
      phase("warm-up jdk", jdk.port(), seconds, clients, warmUp);
      for (int round = 0; round < rounds; round++) {
        phase("netty", netty.port(), seconds, clients, totals);
        phase("jdk", jdk.port(), seconds, clients, totals);
      }
    }
    double[] n = totals.get("netty");
    double[] j = totals.get("jdk");
    System.out.printf(Locale.ROOT, "netty / jdk: requests/s x%.2f, server cpu per request x%.2f%n",
        (n[0] / n[1]) / (j[0] / j[1]), (n[2] / n[0]) / (j[2] / j[0]));
  }

  /** One measured phase: 3 s of warm-up load, then {@code seconds} measured. Totals: requests, seconds, server CPU ns. */
  private static void phase(String name, int port, int seconds, int clients, Map<String, double[]> totals)
      throws Exception {
    try (LoopbackLoad load = new LoopbackLoad(port, "/v1/models/german-credit/predict", BODY, clients, seconds + 10,
        2_000_000)) {
      load.start();
      Thread.sleep(3000);
      String loadBefore = loadAverage();
      Map<String, Long> cpuFrom = cpuByRole();
      long from = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long to = System.nanoTime();
      Map<String, Long> cpuTo = cpuByRole();
      long[] lat = load.latencies(from, to);
      double server = cpuTo.getOrDefault("server", 0L) - cpuFrom.getOrDefault("server", 0L)
          + cpuTo.getOrDefault("server (workers)", 0L) - cpuFrom.getOrDefault("server (workers)", 0L);
      double client = cpuTo.getOrDefault("client", 0L) - cpuFrom.getOrDefault("client", 0L);
      double other = cpuTo.getOrDefault("other", 0L) - cpuFrom.getOrDefault("other", 0L);
      int count = Math.max(1, lat.length);
      System.out.printf(Locale.ROOT, "%-13s %d clients, %d s: %.0f requests/s, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, "
          + "failed %d; cpu per request: server %.1f us, client %.1f us, other %.1f us; load %s -> %s%n", name,
          clients, seconds, lat.length / ((to - from) / 1e9), LoopbackLoad.percentileMillis(lat, 0.5),
          LoopbackLoad.percentileMillis(lat, 0.99), LoopbackLoad.percentileMillis(lat, 0.999), load.failures(),
          server / 1e3 / count, client / 1e3 / count, other / 1e3 / count, loadBefore, loadAverage());
      double[] t = totals.computeIfAbsent(name, k -> new double[3]);
      t[0] += lat.length;
      t[1] += (to - from) / 1e9;
      t[2] += server;
    }
  }

  private static String loadAverage() {
    return String.format(Locale.ROOT, "%.1f",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** CPU time of the live threads, summed by role: HTTP server, load clients, everything else. */
  private static Map<String, Long> cpuByRole() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new java.util.TreeMap<>();
    for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (ti == null) {
        continue;
      }
      long cpu = mx.getThreadCpuTime(ti.getThreadId());
      if (cpu < 0) {
        continue;
      }
      String n = ti.getThreadName();
      String role = n.startsWith("modelkit-http-worker-") ? "server (workers)"
          : n.startsWith("modelkit-http-") || n.startsWith("HTTP-Dispatcher") || n.startsWith("baseline-http-")
          ? "server"
          : n.startsWith("load-") ? "client" : "other";
      out.merge(role, cpu, Long::sum);
    }
    return out;
  }

  private static void changes(Deployments d, List<String> v, LoopbackLoad load, int seconds) throws Exception {
    long start = System.nanoTime();
    long budget = seconds * 1_000_000_000L;
    Thread.sleep(5000);
    long steadyFrom = System.nanoTime();
    Thread.sleep(8000);
    long steadyTo = System.nanoTime();
    List<String> rows = new ArrayList<>();
    long t0 = System.nanoTime();
    ModelDeployment bg = d.deploy("german-credit", v.get(1), target(2), RolloutStrategy.blueGreen());
    Thread.sleep(1000);
    rows.add(row("blue-green switch", load, t0, System.nanoTime(), bg.status()));
    Thread.sleep(2000);

    t0 = System.nanoTime();
    ModelDeployment canary = d.deploy("german-credit", v.get(2), target(2), new RolloutStrategy(RolloutType.CANARY,
        null, null, List.of(new CanaryStage(10, 3, List.of("error_rate < 0.01", "latency < 200ms")),
            new CanaryStage(50, 3, List.of("error_rate < 0.01")), new CanaryStage(100, 0, List.of())), null, null));
    waitFor(() -> d.get(canary.id()).status().isFinal() || d.get(canary.id()).status() == DeploymentStatus.LIVE, 30);
    rows.add(row("canary 10% -> 50% -> 100%", load, t0, System.nanoTime(), d.get(canary.id()).status()));
    Thread.sleep(2000);

    t0 = System.nanoTime();
    ModelDeployment rolling = d.deploy("german-credit", v.get(3), target(2),
        new RolloutStrategy(RolloutType.ROLLING, null, 2.0, null, 1, null));
    waitFor(() -> d.get(rolling.id()).status() == DeploymentStatus.LIVE, 30);
    rows.add(row("rolling update, 1 of 2 replicas at a time", load, t0, System.nanoTime(), d.get(rolling.id()).status()));
    Thread.sleep(2000);

    t0 = System.nanoTime();
    ModelDeployment back = d.rollback(rolling.id(), "load test rollback");
    Thread.sleep(1000);
    rows.add(row("rollback", load, t0, System.nanoTime(), back.status()));
    long left = budget - (System.nanoTime() - start);
    if (left > 0) {
      Thread.sleep(left / 1_000_000);
    }
    long[] steady = load.latencies(steadyFrom, steadyTo);
    System.out.printf(Locale.ROOT, "steady state: %d requests in %.1f s, p50 %.3f ms, p99 %.3f ms%n", steady.length,
        (steadyTo - steadyFrom) / 1e9, LoopbackLoad.percentileMillis(steady, 0.5), LoopbackLoad.percentileMillis(steady, 0.99));
    double steadyP99 = LoopbackLoad.percentileMillis(steady, 0.99);
    for (String r : rows) {
      System.out.println(r + String.format(Locale.ROOT, " (steady p99 %.3f ms)", steadyP99));
    }
    System.out.printf(Locale.ROOT, "total run %.1f s, failed requests: %d %s%n", (System.nanoTime() - start) / 1e9,
        load.failures(), load.errors());
  }

  private static String row(String what, LoopbackLoad load, long from, long to, DeploymentStatus status) {
    long[] lat = load.latencies(from, to);
    return String.format(Locale.ROOT, "%-45s %s: %d requests in %.1f s, p50 %.3f ms, p99 %.3f ms", what,
        status.wireName(), lat.length, (to - from) / 1e9, LoopbackLoad.percentileMillis(lat, 0.5),
        LoopbackLoad.percentileMillis(lat, 0.99));
  }

  private static void waitFor(BooleanSupplier c, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!c.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  static DeploymentTarget target(int replicas) {
    ResourceAllocation res = new ResourceAllocation(Quantity.parse("1"), Quantity.parse("512Mi"), null, null);
    return new DeploymentTarget("api", null, Environment.DEVELOPMENT, TargetType.API,
        new DeploymentConfig(replicas, res, Map.of(), new HealthCheckConfig("/health", 5, 2, 2), 0, null, 8),
        res, null, new MonitoringConfig(List.of(), List.of(), null));
  }

  /** Trains a German Credit classifier from a seed-shaped JSON configuration. */
  static String train(CustomModelTrainingService s, long seed) throws Exception {
    String json = """
        {
          "organizationId": "acme",
          "modelName": "German Credit",
          "baseModel": "custom",
          "trainingObjective": {"type": "risk_classification", "domain": "risk_management",
            "tasks": ["risk_classification"], "successMetrics": ["roc_auc"], "positiveClass": "bad"},
          "datasetConfig": {"trainingData": [{"id": "german_credit", "type": "arff",
            "source": "credit/german_credit.arff",
            "schema": {"inputFields": ["checking_status", "duration", "credit_history", "purpose", "credit_amount",
              "savings_status", "employment", "installment_commitment", "personal_status", "other_parties",
              "residence_since", "property_magnitude", "age", "other_payment_plans", "housing", "existing_credits",
              "job", "num_dependents", "own_telephone", "foreign_worker"], "outputFields": ["class"]}}]},
          "hyperparameters": {"learningRate": 0.003, "batchSize": 64, "epochs": 20, "weightDecay": 0.05,
            "optimizerConfig": {"type": "adamw"}, "seed": %d},
          "validationConfig": {"strategy": "holdout", "testSize": 0.2, "validationFrequency": 1}
        }
        """.formatted(seed);
    TrainingConfiguration config = new ConfigCodec().fromJson(json, TrainingConfiguration.class);
    TrainingJob job = s.createTrainingJob(config);
    s.startTraining(job.id());
    TrainingJob done = s.jobs().await(job.id(), Duration.ofMinutes(10));
    if (done.state() != JobState.SUCCEEDED) {
      throw new IllegalStateException("training failed: " + done.reason());
    }
    return done.modelVersion();
  }
}
