package dev.modelkit.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelkit.deployment.internal.ServingRequests;
import dev.modelkit.deployment.internal.PredictRequest;
import dev.modelkit.deployment.internal.Router;
import dev.modelkit.spi.Prediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSON work of one HTTP predict request (read the German Credit body into a feature map,
 * write the answer with a {@link Prediction}): {@code streaming} is the serving path's one-pass
 * parser and generator; {@code treeBaseline} is the earlier way, a Jackson tree each way, kept
 * here only as the baseline.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HttpCodecBenchmark -wi 2 -i 3 -w 2s -r 3s -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class HttpCodecBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] BODY = ServingLoadBody.BODY.getBytes(StandardCharsets.UTF_8);
  private static final Router.Routed ROUTED = new Router.Routed("3", Prediction.of("good",
      new LinkedHashMap<>(Map.of("good", 0.71, "bad", 0.29))), "00000001-0000-000000000042", 15_000);

  /** @return the answer's bytes, after parsing the request */
  @Benchmark
  public byte[] streaming() throws IOException {
    PredictRequest req = PredictRequest.parse(BODY);
    if (req.features().size() != 20) {
      throw new IllegalStateException("parsed " + req.features().size() + " features");
    }
    return ServingRequests.answer("german-credit", ROUTED);
  }

  /** @return the answer's bytes, the tree way */
  @Benchmark
  public byte[] treeBaseline() throws IOException {
    JsonNode body = JSON.readTree(BODY);
    JsonNode featureNode = body.has("features") ? body.get("features") : body;
    Map<String, Object> features = new LinkedHashMap<>();
    featureNode.fields().forEachRemaining(e -> features.put(e.getKey(), e.getValue().isNumber()
        ? (Object) e.getValue().doubleValue() : e.getValue().textValue()));
    if (features.size() != 20) {
      throw new IllegalStateException("parsed " + features.size() + " features");
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("model", "german-credit");
    out.put("version", ROUTED.version());
    out.set("output", JSON.valueToTree(ROUTED.output()));
    out.put("predictionId", ROUTED.predictionId());
    return JSON.writeValueAsString(out).getBytes(StandardCharsets.UTF_8);
  }
}
