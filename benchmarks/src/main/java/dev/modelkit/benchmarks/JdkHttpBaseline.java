package dev.modelkit.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modelkit.deployment.internal.ServingRequests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code api} target's earlier transport, the JDK's {@code com.sun.net.httpserver.HttpServer}
 * with a fixed worker pool, kept only here as the baseline of {@link ServingLoad}'s {@code compare}
 * mode. It answers through the same {@link ServingRequests} as the Netty endpoint, so a comparison
 * measures the transports and nothing else.
 */
final class JdkHttpBaseline implements AutoCloseable {
  static {
    // as the earlier endpoint did: without TCP_NODELAY the JDK server's separate header and body
    // writes meet the client's delayed ACK and cost about 40 ms per request
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService workers;
  private final ServingRequests requests;

  /**
   * @param threads worker threads
   * @param requests what it answers
   * @throws IOException if no loopback port can be bound
   */
  JdkHttpBaseline(int threads, ServingRequests requests) throws IOException {
    this.requests = requests;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    AtomicInteger n = new AtomicInteger();
    workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "baseline-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(workers);
    server.createContext("/", this::serve);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void serve(HttpExchange ex) throws IOException {
    ServingRequests.Response answer;
    try (InputStream in = ex.getRequestBody()) {
      String declared = ex.getRequestHeaders().getFirst("Content-Length");
      long length = declared == null ? -1 : Long.parseLong(declared.trim());
      byte[] body;
      if (length > ServingRequests.MAX_BODY) {
        body = null;
      } else if (length >= 0) {
        body = in.readNBytes((int) length);
      } else {
        body = in.readNBytes(ServingRequests.MAX_BODY + 1);
        body = body.length > ServingRequests.MAX_BODY ? null : body;
      }
      answer = body == null ? ServingRequests.tooLarge()
          : requests.handle(ex.getRequestMethod(), ex.getRequestURI().getPath(), body);
    }
    ex.getResponseHeaders().set("Content-Type", answer.contentType());
    ex.sendResponseHeaders(answer.status(), answer.body().length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(answer.body());
    }
  }

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
}
