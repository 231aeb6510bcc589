package dev.modelkit.core.pipeline.internal;

import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.pipeline.NotificationConfig;
import dev.modelkit.pipeline.PipelineNotification;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.NotificationChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a pipeline's notifications to its configured channels: {@code log} (SLF4J), {@code
 * callback} (listeners registered per pipeline), {@code webhook} (an HTTP POST of the notification
 * as JSON with the JDK client, three attempts with doubling back-off), and plugged-in channels. A
 * failing channel is logged; it never fails the run.
 */
public final class Notifier {
  /** The channel names built in. */
  public static final Set<String> BUILT_IN = Set.of("log", "callback", "webhook");
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private final Map<String, NotificationChannel> plugged;
  private final Map<String, List<Consumer<PipelineNotification>>> callbacks = new ConcurrentHashMap<>();
  private final JsonCodec json;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param plugged channels beyond the built-in ones, by name
   * @param json encodes webhook bodies
   */
  public Notifier(Map<String, NotificationChannel> plugged, JsonCodec json) {
    this.plugged = Map.copyOf(plugged);
    this.json = json;
  }

  /**
   * @param name a channel name
   * @return whether a channel of that name exists
   */
  public boolean exists(String name) {
    return BUILT_IN.contains(name) || plugged.containsKey(name);
  }

  /** @return every channel name */
  public Set<String> names() {
    java.util.TreeSet<String> all = new java.util.TreeSet<>(BUILT_IN);
    all.addAll(plugged.keySet());
    return all;
  }

  /**
   * @param pipelineId a pipeline
   * @param listener receives its callback notifications
   * @return closing it unregisters the listener
   */
  public AutoCloseable subscribe(String pipelineId, Consumer<PipelineNotification> listener) {
    callbacks.computeIfAbsent(pipelineId, k -> new CopyOnWriteArrayList<>()).add(listener);
    return () -> callbacks.getOrDefault(pipelineId, List.of()).remove(listener);
  }

  /**
   * @param pipeline the pipeline whose configuration says where to send
   * @param n what happened
   */
  public void send(ModelTrainingPipeline pipeline, PipelineNotification n) {
    for (NotificationConfig cfg : pipeline.notifications()) {
      if (!cfg.events().contains(n.event())) {
        continue;
      }
      try {
        switch (cfg.channel()) {
          case "log" -> LoggerFactory.getLogger(cfg.target() == null ? "dev.modelkit.pipelines" : cfg.target())
              .info("Pipeline {} ({}) run {}: {} - {}", n.pipelineName(), n.pipelineId(), n.runId(),
                  n.event().wireName(), n.message());
          case "callback" -> callbacks.getOrDefault(n.pipelineId(), List.of()).forEach(l -> l.accept(n));
          case "webhook" -> post(URI.create(cfg.target()), n);
          default -> {
            NotificationChannel ch = plugged.get(cfg.channel());
            if (ch == null) {
              LOG.warn("Pipeline {} names notification channel '{}', which is not installed", pipeline.id(),
                  cfg.channel());
            } else {
              ch.send(cfg.target(), n);
            }
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("Notification channel '{}' failed for run {} ({}): {}", cfg.channel(), n.runId(), n.event().wireName(),
            e.getMessage(), e);
      }
    }
  }

  private void post(URI url, PipelineNotification n) {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.toJson(n))).build();
    long backoff = 200;
    String last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 == 2) {
          return;
        }
        last = "HTTP " + r.statusCode();
      } catch (java.io.IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while posting to " + url, e);
      }
      if (attempt < 3) {
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while posting to " + url, e);
        }
        backoff *= 2;
      }
    }
    throw new IllegalStateException("webhook " + url + " did not accept the notification after 3 attempts: " + last);
  }
}
