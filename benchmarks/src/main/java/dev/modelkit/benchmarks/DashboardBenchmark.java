package dev.modelkit.benchmarks;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.config.Quantity;
import dev.modelkit.core.ModelKit;
import dev.modelkit.dashboard.Dashboard;
import dev.modelkit.dashboard.DashboardAuthenticator;
import dev.modelkit.deploy.DeploymentConfig;
import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.Environment;
import dev.modelkit.deploy.HealthCheckConfig;
import dev.modelkit.deploy.MonitoringConfig;
import dev.modelkit.deploy.ResourceAllocation;
import dev.modelkit.deploy.ServedPrediction;
import dev.modelkit.deploy.TargetType;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * What a started dashboard costs the prediction path when nobody watches it: one German Credit
 * prediction through the embedded router (version lookup, traffic split, the DJL model call and
 * the monitoring record), {@code none} without a dashboard (the baseline, same run) and {@code
 * started} with one listening on a loopback port. The dashboard registers nothing on that path
 * and its refresh thread sleeps without viewers, so the two should not differ beyond noise.
 *
 * <p>Run: {@code java -Dai.djl.offline=true -Dmodelkit.data=data -jar benchmarks/target/benchmarks.jar
 * DashboardBenchmark -wi 2 -i 3 -w 2s -r 3s -f 1}. The 50-viewer live-update load test is {@link
 * DashboardViewersLoad}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DashboardBenchmark {

  /** Whether a dashboard is started next to the model. */
  @Param({"none", "started"})
  public String dashboard;

  private ModelKit kit;
  private Dashboard console;
  private CustomModelTrainingService engineer;
  private Map<String, Object> applicant;
  private int unit;

  /** Trains and deploys a German Credit model, and starts the dashboard when asked. */
  @Setup(Level.Trial)
  public void setup() throws Exception {
    kit = ModelKit.builder().home(Files.createTempDirectory("modelkit-dashboard-bench"))
        .dataRoot(Path.of(System.getProperty("modelkit.data", "data"))).build();
    CustomModelTrainingService scientist = kit.service(Principal.of("dana", "acme", Roles.DATA_SCIENTIST));
    engineer = kit.service(Principal.of("eric", "acme", Roles.ML_ENGINEER));
    String version = ServingLoad.train(scientist, 42L);
    engineer.deployModel("german-credit", version, embedded());
    applicant = applicant();
    if (dashboard.equals("started")) {
      console = Dashboard.start(kit::service, 0, DashboardAuthenticator.localUser(engineer.principal()));
    }
  }

  /** Stops the dashboard and the runtime. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (console != null) {
      console.close();
    }
    kit.close();
  }

  /** @return one prediction served through the embedded router */
  @Benchmark
  public ServedPrediction predict() {
    return engineer.deployments().predict("german-credit", "applicant-" + (unit++ & 1023), applicant);
  }

  static DeploymentTarget embedded() {
    ResourceAllocation res = new ResourceAllocation(Quantity.parse("1"), Quantity.parse("512Mi"), null, null);
    return new DeploymentTarget("embedded", null, Environment.DEVELOPMENT, TargetType.EMBEDDED,
        new DeploymentConfig(1, res, Map.of(), new HealthCheckConfig("/health", 5, 2, 2), 0, null, 4),
        res, null, new MonitoringConfig(List.of(), List.of(), null));
  }

  /** A real applicant's features (the first row of the German Credit data). */
  static Map<String, Object> applicant() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("checking_status", "<0");
    m.put("duration", 6.0);
    m.put("credit_history", "critical/other existing credit");
    m.put("purpose", "radio/tv");
    m.put("credit_amount", 1169.0);
    m.put("savings_status", "no known savings");
    m.put("employment", ">=7");
    m.put("installment_commitment", 4.0);
    m.put("personal_status", "male single");
    m.put("other_parties", "none");
    m.put("residence_since", 4.0);
    m.put("property_magnitude", "real estate");
    m.put("age", 67.0);
    m.put("other_payment_plans", "none");
    m.put("housing", "own");
    m.put("existing_credits", 2.0);
    m.put("job", "skilled");
    m.put("num_dependents", 1.0);
    m.put("own_telephone", "yes");
    m.put("foreign_worker", "yes");
    return m;
  }
}
