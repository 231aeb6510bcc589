package dev.modelkit.deployment.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelkit.ModelKitException;
import dev.modelkit.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What the {@code api} target answers, apart from any HTTP server: it turns a method, a path and a
 * body into a status, a content type and a body. Keeping it out of the server lets the server be
 * replaced (and benchmarked against another one) without touching a single answer.
 *
 * <ul>
 *   <li>{@code POST /v1/models/{modelId}/predict}: body {@code {"features": {...}, "key": "..."}}
 *       or a plain object of features; answers {@code {"model", "version", "output",
 *       "predictionId"}}; 404 for an unknown model, 400 for a malformed body, 405 for another
 *       method, 500 when the model fails.
 *   <li>{@code GET /health}: liveness, 200 while the server runs.
 *   <li>{@code GET /ready}: readiness, 200 when the readiness check passes, else 503.
 *   <li>{@code GET /metrics}: Prometheus text format.
 * </ul>
 *
 * <p>It also tells the server whether a predict request should leave the I/O thread: it answers
 * "inline" unless the last 16 model calls all took {@link #INLINE_BELOW_NANOS} or more.
 */
public final class ServingRequests {
  /** Largest request body accepted, in bytes. */
  public static final int MAX_BODY = 1 << 20;
  static final String PREFIX = "/v1/models/";
  private static final String JSON_TYPE = "application/json";
  private static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Model calls shorter than this run on the I/O thread: handing a request to a worker
   * and back costs two thread wake-ups (tens of microseconds on a busy machine), more than such a
   * call itself, while a longer call would hold up every other connection of its event loop.
   */
  static final long INLINE_BELOW_NANOS = 200_000;

  private final Predictor predictor;
  private final ServingMetrics metrics;
  private final BooleanSupplier ready;
  /**
   * Calls over {@link #INLINE_BELOW_NANOS} in a row; calls go to workers from {@link #SLOW_AFTER}.
   * Any short call resets it: on a busy machine a short call is often stretched by a preemption or
   * by the other workers sharing the cores, so only a model none of whose recent calls was short
   * counts as slow (otherwise the workers' own contention would keep a fast model on them). It
   * starts at the threshold: the first call goes to a worker, and one short call brings the rest
   * inline.
   */
  private volatile int slowInARow = SLOW_AFTER;
  private static final int SLOW_AFTER = 16;

  /**
   * Serves one prediction for the HTTP target.
   */
  @FunctionalInterface
  public interface Predictor {
    /**
     * @param modelId the model
     * @param routingKey the routing key, or null
     * @param features the input
     * @return the routed prediction
     * @throws NotFoundException if the model has no live deployment
     * @throws ModelKitException if the model call fails
     */
    Router.Routed predict(String modelId, String routingKey, Map<String, Object> features);
  }

  /**
   * A complete answer.
   *
   * @param status HTTP status
   * @param body UTF-8 body
   * @param contentType its content type
   */
  public record Response(int status, byte[] body, String contentType) {}

  /**
   * @param predictor serves predictions
   * @param metrics what {@code /metrics} renders
   * @param ready the readiness check of {@code /ready}
   */
  public ServingRequests(Predictor predictor, ServingMetrics metrics, BooleanSupplier ready) {
    this.predictor = predictor;
    this.metrics = metrics;
    this.ready = ready;
  }

  /**
   * Binds the predictor to one organisation's models in a router.
   *
   * @param router the router
   * @param organizationId whose models are served
   * @param metrics what {@code /metrics} renders
   * @param ready the readiness check
   * @return the requests handler
   */
  public static ServingRequests of(Router router, String organizationId, ServingMetrics metrics, BooleanSupplier ready) {
    return new ServingRequests((m, k, f) -> router.predict(organizationId, m, k, f), metrics, ready);
  }

  /**
   * @param path the request path, without query
   * @return whether the request may call a model whose calls are currently slow, so the server
   *     should run it on a worker thread instead of its I/O thread
   */
  public boolean runsOnWorker(String path) {
    return path.startsWith(PREFIX) && slowInARow >= SLOW_AFTER;
  }

  /**
   * Answers one request. Never throws: failures become 4xx/5xx answers.
   *
   * @param method HTTP method
   * @param path request path, without query
   * @param body request body, at most {@link #MAX_BODY} bytes (empty when none)
   * @return the answer
   */
  public Response handle(String method, String path, byte[] body) {
    if (path.startsWith(PREFIX)) {
      return predict(method, path, body);
    }
    return switch (path) {
      case "/health" -> json(200, "{\"status\":\"UP\"}");
      case "/ready" -> ready.getAsBoolean() ? json(200, "{\"status\":\"READY\"}") : json(503, "{\"status\":\"NOT_READY\"}");
      case "/metrics" -> new Response(200, metrics.render().getBytes(StandardCharsets.UTF_8), METRICS_TYPE);
      default -> json(404, error("no such path " + path + "; use POST " + PREFIX + "{modelId}/predict, GET /health, "
          + "/ready or /metrics"));
    };
  }

  /** @return the 413 answer for a body over {@link #MAX_BODY} */
  public static Response tooLarge() {
    return json(413, error("request body is larger than " + MAX_BODY + " bytes"));
  }

  private Response predict(String method, String path, byte[] body) {
    if (!"POST".equals(method) || !path.endsWith("/predict")) {
      return json(405, error("use POST " + PREFIX + "{modelId}/predict"));
    }
    String modelId = path.substring(PREFIX.length(), path.length() - "/predict".length());
    try {
      PredictRequest req;
      try {
        req = PredictRequest.parse(body);
      } catch (IOException e) {
        return json(400, error("request body is not valid JSON: " + e.getMessage()));
      }
      if (req == null) {
        return json(400, error("request body must be a JSON object of features, or {\"features\": {...}}"));
      }
      Router.Routed r;
      long start = System.nanoTime();
      try {
        r = predictor.predict(modelId, req.key(), req.features());
      } finally {
        learn(System.nanoTime() - start);
      }
      return new Response(200, answer(modelId, r), JSON_TYPE);
    } catch (NotFoundException e) {
      return json(404, error(e.getMessage()));
    } catch (ModelKitException e) {
      return json(500, error(e.getMessage()));
    } catch (IOException | RuntimeException e) {
      return json(500, error("internal error: " + e));
    }
  }

  private void learn(long nanos) {
    // racy on purpose: a lost update shifts the switch by one call
    slowInARow = nanos < INLINE_BELOW_NANOS ? 0 : Math.min(SLOW_AFTER, slowInARow + 1);
  }

  /**
   * Writes the answer of a predict request straight from the output, without a JSON tree.
   *
   * @param modelId the model
   * @param r the routed prediction
   * @return {@code {"model", "version", "output", "predictionId"}} as UTF-8 JSON
   * @throws IOException if the output cannot be serialised
   */
  public static byte[] answer(String modelId, Router.Routed r) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.getFactory().createGenerator(buf)) {
      g.writeStartObject();
      g.writeStringField("model", modelId);
      g.writeStringField("version", r.version());
      g.writeFieldName("output");
      JSON.writeValue(g, r.output());
      if (r.predictionId() != null) {
        g.writeStringField("predictionId", r.predictionId());
      }
      g.writeEndObject();
    }
    return buf.toByteArray();
  }

  private static Response json(int status, String body) {
    return new Response(status, body.getBytes(StandardCharsets.UTF_8), JSON_TYPE);
  }

  private static String error(String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("error", message);
    return n.toString();
  }
}
