package dev.modelkit.deployment.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modelkit.DeploymentException;
import dev.modelkit.ModelKitException;
import dev.modelkit.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The {@code api} target: an HTTP endpoint on a local port, built on the JDK's own HTTP server.
 *
 * <ul>
 *   <li>{@code POST /v1/models/{modelId}/predict}: body {@code {"features": {...}, "key": "..."}}
 *       or a plain object of features; answers {@code {"model", "version", "output",
 *       "predictionId"}}; 404 for an unknown model, 400 for a malformed body, 500 when the model
 *       fails.
 *   <li>{@code GET /health}: liveness, 200 while the server runs.
 *   <li>{@code GET /ready}: readiness, 200 when the readiness check passes, else 503.
 *   <li>{@code GET /metrics}: Prometheus text format.
 * </ul>
 *
 * <p>It serves one organisation's models through the shared {@link Router}, so traffic splits and
 * rollouts apply to HTTP and embedded callers alike. It has no authentication of its own and binds
 * to the loopback address unless told otherwise; put it behind the host's gateway to expose it.
 */
public final class HttpServingEndpoint implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server writes a response's headers and body separately; without TCP_NODELAY a
    // keep-alive client's delayed ACK holds the body back for about 40 ms on every request.
    // The setting is read once, when the JDK's server first starts, and a value the host set wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }
  private static final String PREFIX = "/v1/models/";
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final ExecutorService workers;
  private final Router router;
  private final String organizationId;
  private final ServingMetrics metrics;
  private final BooleanSupplier ready;

  /**
   * Starts the server.
   *
   * @param host address to bind, for example {@code 127.0.0.1}
   * @param port port, 0 for any free port
   * @param threads request worker threads, at least 1
   * @param organizationId whose models it serves
   * @param router the router
   * @param metrics metrics to expose
   * @param ready readiness check
   * @throws DeploymentException if the port is in use or cannot be bound
   */
  public HttpServingEndpoint(String host, int port, int threads, String organizationId, Router router,
      ServingMetrics metrics, BooleanSupplier ready) {
    this.router = router;
    this.organizationId = organizationId;
    this.metrics = metrics;
    this.ready = ready;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 1024);
    } catch (BindException e) {
      throw new DeploymentException("Port " + port + " on " + host + " is already in use. Choose a free port in "
          + "target.configuration.port, or 0 to let the system pick one.", e);
    } catch (IOException e) {
      throw new DeploymentException("Cannot open an HTTP endpoint on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "modelkit-http-" + port + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    workers = Executors.newFixedThreadPool(threads, tf);
    server.setExecutor(workers);
    server.createContext("/health", ex -> respond(ex, 200, "{\"status\":\"UP\"}", "application/json"));
    server.createContext("/ready", ex -> {
      boolean ok = ready.getAsBoolean();
      respond(ex, ok ? 200 : 503, ok ? "{\"status\":\"READY\"}" : "{\"status\":\"NOT_READY\"}", "application/json");
    });
    server.createContext("/metrics", ex -> respond(ex, 200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8"));
    server.createContext(PREFIX, this::predict);
    server.start();
  }

  /** @return the bound port */
  public int port() {
    return server.getAddress().getPort();
  }

  private void predict(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      if (!"POST".equals(ex.getRequestMethod()) || !path.endsWith("/predict")) {
        respond(ex, 405, error("use POST " + PREFIX + "{modelId}/predict"), "application/json");
        return;
      }
      String modelId = path.substring(PREFIX.length(), path.length() - "/predict".length());
      PredictRequest req;
      try (InputStream in = ex.getRequestBody()) {
        long declared = contentLength(ex);
        if (declared > MAX_BODY) {
          respond(ex, 413, error("request body is larger than " + MAX_BODY + " bytes"), "application/json");
          return;
        }
        byte[] bytes;
        if (declared >= 0) {
          // the usual case: one array of the declared size, no growing buffers
          bytes = new byte[(int) declared];
          if (in.readNBytes(bytes, 0, bytes.length) < bytes.length) {
            respond(ex, 400, error("request body is shorter than its Content-Length " + declared), "application/json");
            return;
          }
        } else {
          bytes = in.readNBytes(MAX_BODY + 1);
          if (bytes.length > MAX_BODY) {
            respond(ex, 413, error("request body is larger than " + MAX_BODY + " bytes"), "application/json");
            return;
          }
        }
        req = PredictRequest.parse(bytes);
      } catch (IOException e) {
        respond(ex, 400, error("request body is not valid JSON: " + e.getMessage()), "application/json");
        return;
      }
      if (req == null) {
        respond(ex, 400, error("request body must be a JSON object of features, or {\"features\": {...}}"), "application/json");
        return;
      }
      Router.Routed r = router.predict(organizationId, modelId, req.key(), req.features());
      respond(ex, 200, answer(modelId, r), "application/json");
    } catch (NotFoundException e) {
      respond(ex, 404, error(e.getMessage()), "application/json");
    } catch (ModelKitException e) {
      respond(ex, 500, error(e.getMessage()), "application/json");
    } catch (RuntimeException e) {
      respond(ex, 500, error("internal error: " + e), "application/json");
    }
  }

  /** @return the declared body length, or -1 when absent or unreadable (chunked bodies) */
  private static long contentLength(HttpExchange ex) {
    String v = ex.getRequestHeaders().getFirst("Content-Length");
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
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
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(256);
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

  private static String error(String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("error", message);
    return n.toString();
  }

  private static void respond(HttpExchange ex, int status, String body, String contentType) throws IOException {
    respond(ex, status, body.getBytes(StandardCharsets.UTF_8), contentType);
  }

  private static void respond(HttpExchange ex, int status, byte[] bytes, String contentType) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  /** Stops accepting connections, lets in-flight requests finish for up to a second, then stops. */
  @Override
  public void close() {
    server.stop(1);
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** @return the metrics this endpoint exposes */
  public ServingMetrics metrics() {
    return metrics;
  }
}
