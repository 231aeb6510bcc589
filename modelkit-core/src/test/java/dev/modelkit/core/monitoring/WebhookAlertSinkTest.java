package dev.modelkit.core.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.modelkit.monitoring.Alert;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookAlertSinkTest {
  HttpServer server;
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final List<String> auth = new CopyOnWriteArrayList<>();
  final AtomicInteger calls = new AtomicInteger();
  volatile int failFirst;
  volatile int failStatus = 503;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      int n = calls.incrementAndGet();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      bodies.add(body);
      auth.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      int status = n <= failFirst ? failStatus : 204;
      if (body.contains("\"refused\"")) {
        status = 400;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  private static Alert alert(String id) {
    return new Alert(id, "acme", "credit", "income_shift", "psi(annual_inc) > 0.2", Double.NaN,
        List.of("alert", "rollback"), Instant.parse("2024-03-01T00:07:00Z"), "v1", "says \"drift\"\nnow");
  }

  @Test
  void retriesServerErrorsWithBackOffThenDelivers() throws Exception {
    failFirst = 2;
    try (WebhookAlertSink sink = new WebhookAlertSink(url(), 4, Duration.ofMillis(20), Duration.ofSeconds(5), 10,
        Map.of("Authorization", "Bearer t0ken"))) {
      sink.deliver(alert("a-1"));
      long until = System.nanoTime() + 5_000_000_000L;
      while (sink.delivered() == 0 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertEquals(1, sink.delivered());
      assertEquals(0, sink.failed());
    }
    assertEquals(3, calls.get(), "two 503s, then accepted");
    JsonNode body = new ObjectMapper().readTree(bodies.get(2));
    assertEquals("a-1", body.get("id").asText());
    assertEquals("v1", body.get("version").asText());
    assertTrue(body.get("value").isNull());
    assertEquals("rollback", body.get("actions").get(1).asText());
    assertEquals("says \"drift\"\nnow", body.get("message").asText());
    assertEquals("Bearer t0ken", auth.get(0));
  }

  @Test
  void aClientErrorIsNotRetriedAndAnEndpointThatNeverRecoversIsGivenUp() throws Exception {
    failFirst = 100;
    failStatus = 500;
    try (WebhookAlertSink sink = new WebhookAlertSink(url(), 3, Duration.ofMillis(5), Duration.ofSeconds(5), 10,
        Map.of())) {
      sink.deliver(alert("refused"));
      sink.deliver(alert("a-3"));
      long until = System.nanoTime() + 5_000_000_000L;
      while (sink.failed() < 2 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertEquals(2, sink.failed());
    }
    assertEquals(1 + 3, calls.get(), "one try for the 400, three for the 500s");
  }

  @Test
  void deliverNeverBlocksWhenTheQueueIsFull() {
    failFirst = 1000;
    try (WebhookAlertSink sink = new WebhookAlertSink(url(), 2, Duration.ofSeconds(1), Duration.ofSeconds(1), 2,
        Map.of())) {
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        sink.deliver(alert("a-" + i));
      }
      assertTrue(System.nanoTime() - start < 1_000_000_000L, "queued or dropped at once");
      assertTrue(sink.dropped() >= 17, "dropped " + sink.dropped());
    }
  }
}
