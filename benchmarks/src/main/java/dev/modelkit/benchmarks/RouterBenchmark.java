package dev.modelkit.benchmarks;

import dev.modelkit.deployment.internal.ModelEndpoint;
import dev.modelkit.deployment.internal.Replica;
import dev.modelkit.deployment.internal.RouteState;
import dev.modelkit.deployment.internal.Router;
import dev.modelkit.deployment.internal.TrafficSplit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedded router's added cost per prediction: {@code direct} calls the model endpoint
 * itself, {@code routed} goes through route lookup, traffic split, replica acquire/release and
 * the serving-metrics observer. The difference is the router's cost (bar: under 1 microsecond).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RouterBenchmark -wi 3 -i 5 -w 2s -r 2s -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouterBenchmark {

  /** Whether the route splits traffic between two versions (a canary) or serves one. */
  @Param({"single", "canary"})
  public String split;

  private Router router;
  private ModelEndpoint model;
  private Map<String, Object> row;

  /** A logistic-regression scorer over 20 numeric features: a small, realistic model call. */
  static final class Logistic implements ModelEndpoint {
    private final String version;
    private final String[] names = new String[20];
    private final double[] weights = new double[20];

    Logistic(String version) {
      this.version = version;
      for (int i = 0; i < 20; i++) {
        names[i] = "f" + i;
        weights[i] = (i % 3 - 1) * 0.1 * (i + 1);
      }
    }

    @Override
    public String modelId() {
      return "credit";
    }

    @Override
    public String version() {
      return version;
    }

    @Override
    public Object predict(Map<String, Object> features) {
      double z = 0.1;
      for (int i = 0; i < 20; i++) {
        z += weights[i] * ((Number) features.get(names[i])).doubleValue();
      }
      return 1 / (1 + Math.exp(-z));
    }

    @Override
    public void close() {}
  }

  /** Builds the route and a feature row. */
  @Setup
  public void setup() {
    model = new Logistic("1");
    row = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      row.put("f" + i, i * 0.37);
    }
    router = new Router(new dev.modelkit.deployment.internal.ServingMetrics());
    Replica r1 = new Replica("r1", model, 64);
    if (split.equals("single")) {
      router.publish("org", "credit", new RouteState(TrafficSplit.single("1"), List.of(List.of(r1))));
    } else {
      Replica r2 = new Replica("r2", new Logistic("2"), 64);
      Map<String, Double> shares = new LinkedHashMap<>();
      shares.put("1", 90.0);
      shares.put("2", 10.0);
      router.publish("org", "credit", new RouteState(TrafficSplit.of(shares), List.of(List.of(r1), List.of(r2))));
    }
  }

  /** @return the model's output, called directly (the baseline) */
  @Benchmark
  public Object direct() throws Exception {
    return model.predict(row);
  }

  /** @return the model's output through the router */
  @Benchmark
  public Object routed() {
    return router.predict("org", "credit", null, row);
  }

}
