package dev.modelkit.dashboard.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browsers following a page's live region over Server-Sent Events.
 *
 * <p>One refresh thread re-renders each watched page once per interval, once per (principal,
 * page) however many tabs show it, and pushes the region only to the viewers whose copy
 * differs. The connections are held by the hub, not by a request thread, so a viewer costs a
 * socket and a few objects. The thread runs only while somebody watches.
 */
final class LiveHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
  private static final long HEARTBEAT_NANOS = Duration.ofSeconds(15).toNanos();

  /** One browser tab following one page. */
  static final class Viewer {
    final String groupKey;
    final Call call;
    final HttpExchange exchange;
    final OutputStream out;
    private String lastSent;
    private long lastWrite = System.nanoTime();
    private volatile boolean closed;

    Viewer(String groupKey, Call call, HttpExchange exchange) {
      this.groupKey = groupKey;
      this.call = call;
      this.exchange = exchange;
      this.out = exchange.getResponseBody();
    }

    synchronized boolean send(String html) {
      if (closed || html.equals(lastSent) && System.nanoTime() - lastWrite < HEARTBEAT_NANOS) {
        return !closed;
      }
      try {
        String msg = html.equals(lastSent) ? ": keep-alive\n\n" : "event: live\ndata: {\"html\":" + Json.string(html) + "}\n\n";
        out.write(msg.getBytes(StandardCharsets.UTF_8));
        out.flush();
        lastSent = html;
        lastWrite = System.nanoTime();
        return true;
      } catch (IOException gone) {
        close();
        return false;
      }
    }

    synchronized void close() {
      if (!closed) {
        closed = true;
        exchange.close();
      }
    }
  }

  private final List<Viewer> viewers = new CopyOnWriteArrayList<>();
  private final Function<Call, String> renderer;
  private final Executor writers;
  private final Duration interval;
  private final ScheduledExecutorService ticker;
  private ScheduledFuture<?> running;

  LiveHub(Function<Call, String> renderer, Executor writers, Duration interval) {
    this.renderer = renderer;
    this.writers = writers;
    this.interval = interval;
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "modelkit-dashboard-live");
      t.setDaemon(true);
      return t;
    });
  }

  synchronized void add(Viewer v) {
    viewers.add(v);
    if (running == null) {
      running = ticker.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  int size() {
    return viewers.size();
  }

  private void tick() {
    try {
      viewers.removeIf(v -> v.closed);
      if (viewers.isEmpty()) {
        synchronized (this) {
          if (viewers.isEmpty() && running != null) {
            running.cancel(false);
            running = null;
          }
        }
        return;
      }
      Map<String, List<Viewer>> groups = new LinkedHashMap<>();
      for (Viewer v : viewers) {
        groups.computeIfAbsent(v.groupKey, k -> new ArrayList<>()).add(v);
      }
      for (List<Viewer> group : groups.values()) {
        String html = render(group.get(0).call);
        for (Viewer v : group) {
          writers.execute(() -> v.send(html));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("The dashboard's live refresh failed; it retries next tick", e);
    }
  }

  private String render(Call call) {
    try {
      return renderer.apply(call);
    } catch (RuntimeException e) {
      // the region says what went wrong (access withdrawn, object deleted) instead of going stale
      return "<div class=\"error\">" + Html.esc(ErrorPages.describe(e)) + "</div>";
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    viewers.forEach(Viewer::close);
    viewers.clear();
  }
}
