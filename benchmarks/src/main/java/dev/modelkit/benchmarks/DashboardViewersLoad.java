package dev.modelkit.benchmarks;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.ModelKit;
import dev.modelkit.dashboard.Dashboard;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load test of the dashboard's live updates: {@code viewers} browsers (Server-Sent
 * Event streams) follow the resources page while the organisation's budget is changed {@code
 * changes} times through the API; for every change it measures how long each viewer waits until
 * its stream carries the new figure. Viewers are either one user in many tabs ({@code shared}:
 * one render per refresh) or each a different user ({@code distinct}: one render per viewer).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.modelkit.benchmarks.DashboardViewersLoad 50 20}
 * (viewers, changes). The bar: every viewer updated within 1 second.
 */
public final class DashboardViewersLoad {
  private DashboardViewersLoad() {}

  /**
   * @param args viewers (default 50), changes (default 20)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int viewers = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int changes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    for (String mode : List.of("shared", "distinct")) {
      run(mode, viewers, changes);
    }
  }

  private static void run(String mode, int viewers, int changes) throws Exception {
    try (ModelKit kit = ModelKit.builder().home(Files.createTempDirectory("modelkit-dashboard-load")).build();
        Dashboard dashboard = Dashboard.builder(kit::service).authenticator(r -> {
          String user = r.cookie("user");
          return user == null ? null : Principal.of(user, "acme", Roles.ADMINISTRATOR);
        }).refreshInterval(Duration.ofMillis(250)).threads(8).start()) {
      CustomModelTrainingService admin = kit.service(Principal.of("ada", "acme", Roles.ADMINISTRATOR));
      admin.resources().setBudget(1);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      Map<String, long[]> seen = new ConcurrentHashMap<>(); // "viewer/budget" -> nanoTime received
      CountDownLatch connected = new CountDownLatch(viewers);
      AtomicInteger failures = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      for (int v = 0; v < viewers; v++) {
        int id = v;
        String user = mode.equals("shared") ? "ada" : "viewer" + v;
        Thread t = new Thread(() -> follow(http, dashboard.uri(), user, id, seen, connected, failures), "viewer-" + v);
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
      if (!connected.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("only " + (viewers - connected.getCount()) + " viewers connected");
      }
      Thread.sleep(1000);
      long[] latencies = new long[viewers * changes];
      int n = 0;
      int missed = 0;
      for (int c = 0; c < changes; c++) {
        int budget = 1000 + c;
        long t0 = System.nanoTime();
        admin.resources().setBudget(budget);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(5);
        for (int v = 0; v < viewers; v++) {
          long[] at;
          while ((at = seen.get(v + "/" + budget)) == null && System.nanoTime() < deadline) {
            Thread.sleep(2);
          }
          if (at == null) {
            missed++;
          } else {
            latencies[n++] = Math.max(0, at[0] - t0);
          }
        }
        Thread.sleep(300);
      }
      long[] got = Arrays.copyOf(latencies, n);
      Arrays.sort(got);
      System.out.printf(Locale.ROOT, "%s: %d viewers x %d changes: %d updates delivered, %d missed (5 s), stream failures %d; "
          + "latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms; within 1 s: %.1f%%%n", mode, viewers, changes, n,
          missed, failures.get(), ms(got, 0.5), ms(got, 0.95), ms(got, 0.99), got.length == 0 ? Double.NaN : got[got.length - 1] / 1e6,
          100.0 * Arrays.stream(got).filter(x -> x <= 1_000_000_000L).count() / Math.max(1, viewers * changes));
    }
  }

  private static void follow(HttpClient http, URI base, String user, int id, Map<String, long[]> seen,
      CountDownLatch connected, AtomicInteger failures) {
    HttpRequest req = HttpRequest.newBuilder(base.resolve("/events?path=%2Fresources")).header("Cookie", "user=" + user).build();
    try {
      HttpResponse<java.io.InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      connected.countDown();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (!line.startsWith("data: ")) {
            continue;
          }
          long now = System.nanoTime();
          int at = line.indexOf("budget of ");
          if (at >= 0) {
            int end = line.indexOf('.', at);
            String value = line.substring(at + "budget of ".length(), end);
            seen.putIfAbsent(id + "/" + value, new long[] {now});
          }
        }
      }
    } catch (Exception e) {
      failures.incrementAndGet();
      connected.countDown();
    }
  }

  private static double ms(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
