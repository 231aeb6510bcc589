package dev.modelkit.deployment.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.DeploymentException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class HttpServingEndpointTest {
  /** Echoes the feature {@code n} as the output; sleeps {@code pauseNanos} first to look like a slow model. */
  private static ServingRequests echo(long pauseNanos, List<String> threads) {
    return new ServingRequests((model, key, features) -> {
      if (pauseNanos > 0) {
        LockSupport.parkNanos(pauseNanos);
      }
      synchronized (threads) {
        threads.add(Thread.currentThread().getName());
      }
      if (!model.equals("m")) {
        throw new dev.modelkit.NotFoundException("no model " + model);
      }
      return new Router.Routed("1", features.get("n"), null, pauseNanos);
    }, new ServingMetrics(), () -> true);
  }

  private static String predict(int n, boolean close) {
    String body = "{\"n\": " + n + "}";
    return "POST /v1/models/m/predict HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n"
        + (close ? "Connection: close\r\n" : "") + "\r\n" + body;
  }

  /** Sends everything at once (pipelined) and reads until the server closes. */
  private static String exchange(int port, String requests) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(requests.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.UTF_8);
    }
  }

  private static List<String> outputs(String responses) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while ((i = responses.indexOf("\"output\":", i)) >= 0) {
      int end = responses.indexOf('}', i);
      out.add(responses.substring(i + 9, end));
      i = end;
    }
    return out;
  }

  @Test
  void pipelinedRequestsOfASlowModelRunOnWorkersAndAreAnsweredInOrder() throws Exception {
    List<String> threads = new ArrayList<>();
    try (HttpServingEndpoint ep = new HttpServingEndpoint("127.0.0.1", 0, 4, echo(2_000_000, threads), new ServingMetrics())) {
      StringBuilder req = new StringBuilder();
      for (int n = 0; n < 20; n++) {
        req.append(predict(n, n == 19));
      }
      String responses = exchange(ep.port(), req.toString());
      assertEquals(20, responses.split("HTTP/1.1 200 OK", -1).length - 1, responses);
      List<String> expected = new ArrayList<>();
      for (int n = 0; n < 20; n++) {
        expected.add(n + ".0");
      }
      assertEquals(expected, outputs(responses));
      assertTrue(threads.stream().allMatch(t -> t.startsWith("modelkit-http-worker-")), threads.toString());
    }
  }

  @Test
  void aFastModelIsCalledOnTheEventLoopAfterItsFirstCall() throws Exception {
    List<String> threads = new ArrayList<>();
    try (HttpServingEndpoint ep = new HttpServingEndpoint("127.0.0.1", 0, 4, echo(0, threads), new ServingMetrics())) {
      String responses = exchange(ep.port(), predict(1, false) + predict(2, false) + predict(3, true));
      assertEquals(List.of("1.0", "2.0", "3.0"), outputs(responses));
      assertTrue(threads.get(0).startsWith("modelkit-http-worker-"), threads.toString());
      assertTrue(threads.get(2).startsWith("modelkit-http-io-"), threads.toString());
    }
  }

  @Test
  void unknownPathsOversizedBodiesAndUnknownModelsGetClearAnswers() throws Exception {
    try (HttpServingEndpoint ep = new HttpServingEndpoint("127.0.0.1", 0, 1, echo(0, new ArrayList<>()), new ServingMetrics())) {
      String missing = exchange(ep.port(), "GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertTrue(missing.startsWith("HTTP/1.1 404"), missing);
      assertTrue(missing.contains("no such path /nothing"), missing);
      String big = exchange(ep.port(), "POST /v1/models/m/predict HTTP/1.1\r\nHost: x\r\nContent-Length: "
          + (ServingRequests.MAX_BODY + 1) + "\r\n\r\n{");
      assertTrue(big.startsWith("HTTP/1.1 413"), big);
      assertTrue(big.contains("request body is larger than 1048576 bytes"), big);
      String unknown = exchange(ep.port(), predict(1, true).replace("/m/", "/other/"));
      assertTrue(unknown.startsWith("HTTP/1.1 404"), unknown);
      assertTrue(unknown.contains("no model other"), unknown);
    }
  }

  @Test
  void anHttp10ClientAskingForKeepAliveIsToldItIsKept() throws Exception {
    try (HttpServingEndpoint ep = new HttpServingEndpoint("127.0.0.1", 0, 1, echo(0, new ArrayList<>()), new ServingMetrics())) {
      String both = exchange(ep.port(), "GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
          + "GET /health HTTP/1.0\r\n\r\n");
      String[] answers = both.split("HTTP/1.1 200 OK", -1);
      assertEquals(3, answers.length, both);
      assertTrue(answers[1].toLowerCase(java.util.Locale.ROOT).contains("connection: keep-alive"), both);
      assertTrue(answers[2].toLowerCase(java.util.Locale.ROOT).contains("connection: close"), both);
    }
  }

  @Test
  void aSecondEndpointOnTheSamePortIsRefusedClearly() {
    try (HttpServingEndpoint ep = new HttpServingEndpoint("127.0.0.1", 0, 1, echo(0, new ArrayList<>()), new ServingMetrics())) {
      DeploymentException e = org.junit.jupiter.api.Assertions.assertThrows(DeploymentException.class,
          () -> new HttpServingEndpoint("127.0.0.1", ep.port(), 1, echo(0, new ArrayList<>()), new ServingMetrics()));
      assertTrue(e.getMessage().startsWith("Port " + ep.port() + " on 127.0.0.1 is already in use."), e.getMessage());
    }
  }
}
