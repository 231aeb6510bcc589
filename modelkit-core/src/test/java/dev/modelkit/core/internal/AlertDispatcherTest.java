package dev.modelkit.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelkit.monitoring.Alert;
import dev.modelkit.spi.AlertSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AlertDispatcherTest {

  private static Alert alert(int i) {
    return new Alert("alert-" + i, "acme", "credit-risk", "error_rate", "error_rate > 0.05", 0.07, List.of("alert"),
        Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i), "1", "error rate 0.07 over the last hour");
  }

  @Test
  void deliversInOrderToListenersAndSinksDespiteFailuresAndFlushesOnClose() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    Map<String, AlertSink> sinks = new LinkedHashMap<>();
    sinks.put("broken", a -> {
      throw new IllegalStateException("webhook down");
    });
    sinks.put("kept", a -> seen.add("sink " + a.id()));
    AlertDispatcher d = new AlertDispatcher(sinks);
    AutoCloseable sub = d.subscribe(a -> seen.add("listener " + a.id()));
    d.subscribe(a -> {
      throw new IllegalStateException("listener bug");
    });
    for (int i = 1; i <= 3; i++) {
      d.accept(alert(i));
    }
    d.close();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      expected.add("listener alert-" + i);
      expected.add("sink alert-" + i);
    }
    assertEquals(expected, seen);
    sub.close();
    d.accept(alert(4)); // after close: logged, not thrown, not delivered
    assertEquals(6, seen.size());
  }

  @Test
  void aClosedSubscriptionReceivesNothingMore() throws Exception {
    List<Alert> seen = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
    AlertDispatcher d = new AlertDispatcher(Map.of());
    AutoCloseable sub = d.subscribe(a -> {
      seen.add(a);
      first.countDown();
    });
    d.accept(alert(1));
    assertEquals(true, first.await(10, java.util.concurrent.TimeUnit.SECONDS));
    sub.close();
    d.accept(alert(2));
    d.close();
    assertEquals(List.of(alert(1)), seen);
  }
}
