package dev.modelkit.deployment.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.DeploymentException;
import dev.modelkit.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RouterTest {

  /** A model that doubles its input and fails loudly if called after it was closed. */
  static final class Doubler implements ModelEndpoint {
    final String version;
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicInteger calls = new AtomicInteger();

    Doubler(String version) {
      this.version = version;
    }

    @Override
    public String modelId() {
      return "m";
    }

    @Override
    public String version() {
      return version;
    }

    @Override
    public Object predict(Map<String, Object> features) {
      if (closed.get()) {
        throw new IllegalStateException("called after close");
      }
      calls.incrementAndGet();
      return ((Number) features.get("x")).doubleValue() * 2;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  private static RouteState route(Map<String, Double> shares, Map<String, List<Replica>> replicas) {
    TrafficSplit s = TrafficSplit.of(shares);
    List<List<Replica>> r = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      r.add(replicas.get(s.version(i)));
    }
    return new RouteState(s, r);
  }

  @Test
  void unknownModelIsNotFoundAndModelFailuresAreReported() {
    Router router = new Router(PredictionObserver.NONE);
    assertThrows(NotFoundException.class, () -> router.predict("org", "m", null, Map.of("x", 1)));
    Replica r = new Replica("r", new Doubler("1"), 2);
    router.publish("org", "m", route(Map.of("1", 100.0), Map.of("1", List.of(r))));
    assertEquals(4.0, router.predict("org", "m", null, Map.of("x", 2)).output());
    DeploymentException e = assertThrows(DeploymentException.class, () -> router.predict("org", "m", null, Map.of()));
    assertTrue(e.getMessage().startsWith("Model 'm' version 1 failed"), e.getMessage());
    assertThrows(NotFoundException.class, () -> router.predict("other-org", "m", null, Map.of("x", 1)));
  }

  @Test
  void stickyKeysKeepTheirVersion() {
    Router router = new Router(PredictionObserver.NONE);
    Map<String, Double> shares = new LinkedHashMap<>();
    shares.put("1", 50.0);
    shares.put("2", 50.0);
    router.publish("org", "m", route(shares, Map.of("1", List.of(new Replica("a", new Doubler("1"), 4)),
        "2", List.of(new Replica("b", new Doubler("2"), 4)))));
    for (int i = 0; i < 200; i++) {
      String v = router.predict("org", "m", "user-" + i, Map.of("x", 1)).version();
      for (int k = 0; k < 3; k++) {
        assertEquals(v, router.predict("org", "m", "user-" + i, Map.of("x", 1)).version());
      }
    }
  }

  @Test
  void switchingRoutesUnderLoadFailsNoRequestAndNeverCallsAClosedModel() throws Exception {
    Router router = new Router(PredictionObserver.NONE);
    Replica first = new Replica("v1", new Doubler("1"), 4);
    router.publish("org", "m", route(Map.of("1", 100.0), Map.of("1", List.of(first))));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong ok = new AtomicLong();
    List<Throwable> failures = new ArrayList<>();
    Map<String, AtomicLong> served = new ConcurrentHashMap<>();
    CountDownLatch started = new CountDownLatch(4);
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th = new Thread(() -> {
        started.countDown();
        while (!stop.get()) {
          try {
            Router.Routed r = router.predict("org", "m", null, Map.of("x", 3));
            if (!Double.valueOf(6).equals(r.output())) {
              throw new AssertionError("wrong output " + r.output());
            }
            served.computeIfAbsent(r.version(), k -> new AtomicLong()).incrementAndGet();
            ok.incrementAndGet();
          } catch (Throwable e) {
            synchronized (failures) {
              failures.add(e);
            }
          }
        }
      });
      th.start();
      clients.add(th);
    }
    started.await();
    Replica live = first;
    for (int i = 2; i <= 300; i++) {
      Replica next = new Replica("v" + i, new Doubler(Integer.toString(i)), 4);
      Map<String, Double> shares = new LinkedHashMap<>();
      shares.put(live.version(), 50.0);
      shares.put(next.version(), 50.0);
      router.publish("org", "m", route(shares, Map.of(live.version(), List.of(live), next.version(), List.of(next))));
      router.publish("org", "m", route(Map.of(next.version(), 100.0), Map.of(next.version(), List.of(next))));
      live.retire();
      live = next;
      long seen = ok.get();
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (ok.get() < seen + 8 && System.nanoTime() < deadline) {
        Thread.yield();
      }
    }
    stop.set(true);
    for (Thread th : clients) {
      th.join();
    }
    assertEquals(List.of(), failures, "no request may fail across 299 switches");
    assertTrue(ok.get() > 1000, "the clients made progress: " + ok.get());
    assertTrue(served.size() > 200, "traffic moved across versions: " + served.keySet().size());
  }

  @Test
  void retiredReplicaClosesOnlyAfterItsLastCall() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean closed = new AtomicBoolean();
    ModelEndpoint slow = new ModelEndpoint() {
      @Override public String modelId() { return "m"; }
      @Override public String version() { return "1"; }
      @Override public Object predict(Map<String, Object> f) throws Exception {
        inside.countDown();
        release.await();
        return closed.get() ? "closed" : "open";
      }
      @Override public void close() { closed.set(true); }
    };
    Replica r = new Replica("r", slow, 1);
    assertTrue(r.tryAcquire());
    Thread t = new Thread(() -> {
      try {
        r.invoke(Map.of());
      } catch (Exception e) {
        throw new RuntimeException(e);
      } finally {
        r.release();
      }
    });
    t.start();
    inside.await();
    r.retire();
    assertEquals(false, closed.get(), "not closed while a call is in flight");
    assertEquals(false, r.tryAcquire(), "a retired replica takes no new call");
    release.countDown();
    t.join();
    assertEquals(true, closed.get(), "closed once the last call finished");
  }

  @Test
  void anExperimentSplitDecidesKeyedRequestsAndHearsTheirOutcomes() {
    Router router = new Router(PredictionObserver.NONE);
    Replica a = new Replica("a", new Doubler("1"), 4);
    Replica b = new Replica("b", new Doubler("2"), 4);
    // a stand-in experiment router: units whose id ends in an even digit get the treatment
    dev.modelkit.experiment.ExperimentRouter experiments = (exp, unit, attrs) ->
        (unit.charAt(unit.length() - 1) - '0') % 2 == 0 ? "treatment" : "control";
    ExperimentSplit split = new ExperimentSplit("exp-1", experiments, Map.of("control", 0, "treatment", 1), 0, true, true);
    router.publish("o", "m", new RouteState(TrafficSplit.of(new java.util.LinkedHashMap<>(Map.of("1", 50.0, "2", 50.0))),
        List.of(List.of(a), List.of(b)), split));
    for (int i = 0; i < 10; i++) {
      assertEquals(i % 2 == 0 ? "2" : "1", router.predict("o", "m", "u" + i, Map.of("x", 1.0)).version());
    }
    assertEquals("1", router.predict("o", "m", null, Map.of("x", 1.0)).version(), "no key: the control, not counted");
    router.predict("o", "m", "u0", Map.of("x", 1.0));
    List<dev.modelkit.experiment.MetricEvent> events = split.drain();
    // one error outcome and one latency per unit, each unit once although u0 came twice
    assertEquals(20, events.size());
    assertEquals(10, events.stream().filter(e -> e.metric().equals(ExperimentSplit.ERROR_METRIC)).count());
    assertTrue(events.stream().filter(e -> e.metric().equals(ExperimentSplit.ERROR_METRIC)).allMatch(e -> e.value() == 0));
    assertEquals(List.of(), split.drain());
  }
}
