package dev.modelkit.core.monitoring;

import dev.modelkit.config.Checks;
import dev.modelkit.core.internal.JsonStrings;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.spi.AlertSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each alert as JSON to an HTTP endpoint (a chat or incident tool's webhook), with retries.
 *
 * <p>{@link #deliver} only queues the alert (a bounded queue; when it is full the alert is dropped
 * and the drop logged), so a slow or failing endpoint never holds up whoever raised the alert. A
 * daemon thread posts queued alerts in order; a connection failure, a timeout, or a 408, 429 or
 * 5xx response is retried after a back-off that doubles each time, up to {@code maxAttempts}
 * attempts; any other response, or the last failed attempt, gives the alert up with an ERROR log
 * naming it. {@link #close()} stops taking alerts and waits up to the request timeout times the
 * attempts for the queue to drain.
 *
 * <p>Body: {@code {"id","organizationId","modelId","version","name","condition","value",
 * "actions","raisedAt","message"}}; {@code value} is null when not a number.
 */
public final class WebhookAlertSink implements AlertSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookAlertSink.class);
  private static final Alert STOP = new Alert("", "", "", "", "", 0, List.of(), java.time.Instant.EPOCH, "", "");

  private final URI url;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final HttpClient client;
  private final BlockingQueue<Alert> queue;
  private final Thread worker;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

  /**
   * @param url the endpoint, http or https
   * @param maxAttempts attempts per alert, 1 to 20
   * @param firstBackoff the wait before the first retry; each later wait doubles
   * @param timeout the connect and request timeout of one attempt
   * @param queueCapacity alerts waiting at most
   * @param headers extra request headers, for example an authorisation token
   * @throws dev.modelkit.ConfigurationException naming every invalid argument
   */
  public WebhookAlertSink(URI url, int maxAttempts, Duration firstBackoff, Duration timeout, int queueCapacity,
      Map<String, String> headers) {
    Checks c = new Checks("WebhookAlertSink");
    c.check(url != null && ("http".equals(url.getScheme()) || "https".equals(url.getScheme())), "url", url,
        "be an http or https URL");
    c.check(maxAttempts >= 1 && maxAttempts <= 20, "maxAttempts", maxAttempts, "be between 1 and 20");
    c.check(firstBackoff != null && !firstBackoff.isNegative(), "firstBackoff", firstBackoff, "not be negative");
    c.check(timeout != null && timeout.toMillis() > 0, "timeout", timeout, "be positive");
    c.check(queueCapacity >= 1, "queueCapacity", queueCapacity, "be at least 1");
    c.throwIfAny();
    this.url = url;
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
    this.timeout = timeout;
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.worker = new Thread(this::run, "modelkit-webhook-alerts");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * @param url the endpoint
   * @return a sink with 5 attempts, 1 s first back-off, 10 s timeout and 10,000 queued alerts
   */
  public static WebhookAlertSink to(URI url) {
    return new WebhookAlertSink(url, 5, Duration.ofSeconds(1), Duration.ofSeconds(10), 10_000, Map.of());
  }

  @Override
  public void deliver(Alert alert) {
    if (closed) {
      LOG.warn("Webhook alert sink for {} is closed; alert {} not sent", url, alert.id());
      return;
    }
    if (!queue.offer(alert)) {
      dropped.incrementAndGet();
      LOG.error("Webhook alert sink for {} has {} alerts waiting; alert {} ({}) dropped", url, queue.size(),
          alert.id(), alert.name());
    }
  }

  /** @return alerts the endpoint accepted */
  public long delivered() {
    return delivered.get();
  }

  /** @return alerts given up after their attempts or on a non-retryable response */
  public long failed() {
    return failed.get();
  }

  /** @return alerts dropped because the queue was full */
  public long dropped() {
    return dropped.get();
  }

  private void run() {
    while (true) {
      Alert a;
      try {
        a = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (a == STOP) {
        return;
      }
      send(a);
    }
  }

  private void send(Alert a) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json(a)));
    headers.forEach(builder::header);
    HttpRequest request = builder.build();
    long wait = firstBackoff.toMillis();
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      String problem;
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          delivered.incrementAndGet();
          return;
        }
        problem = "HTTP " + status;
        if (status != 408 && status != 429 && status < 500) {
          failed.incrementAndGet();
          LOG.error("Webhook {} refused alert {} ({}) with {}; not retried", url, a.id(), a.name(), problem);
          return;
        }
      } catch (IOException e) {
        problem = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.incrementAndGet();
        return;
      }
      if (attempt == maxAttempts) {
        failed.incrementAndGet();
        LOG.error("Webhook {} failed for alert {} ({}) after {} attempts; last: {}", url, a.id(), a.name(),
            maxAttempts, problem);
        return;
      }
      LOG.warn("Webhook {} attempt {} of {} for alert {} failed ({}); retrying in {} ms", url, attempt, maxAttempts,
          a.id(), problem, wait);
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.incrementAndGet();
        return;
      }
      wait *= 2;
    }
  }

  static String json(Alert a) {
    StringBuilder sb = new StringBuilder(256).append('{');
    field(sb, "id", a.id()).append(',');
    field(sb, "organizationId", a.organizationId()).append(',');
    field(sb, "modelId", a.modelId()).append(',');
    field(sb, "version", a.version()).append(',');
    field(sb, "name", a.name()).append(',');
    field(sb, "condition", a.condition()).append(',');
    sb.append("\"value\":").append(Double.isFinite(a.value()) ? Double.toString(a.value()) : "null").append(',');
    sb.append("\"actions\":[");
    for (int i = 0; i < a.actions().size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      JsonStrings.quote(sb, a.actions().get(i));
    }
    sb.append("],");
    field(sb, "raisedAt", a.raisedAt() == null ? null : a.raisedAt().toString()).append(',');
    field(sb, "message", a.message());
    return sb.append('}').toString();
  }

  private static StringBuilder field(StringBuilder sb, String name, String value) {
    JsonStrings.quote(sb, name);
    sb.append(':');
    if (value == null) {
      return sb.append("null");
    }
    return JsonStrings.quote(sb, value);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.put(STOP);
      worker.join(timeout.toMillis() * maxAttempts + firstBackoff.toMillis() * (1L << Math.min(maxAttempts, 20)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      worker.interrupt();
      LOG.warn("Webhook alert sink for {} closed with {} alerts unsent", url, queue.size());
    }
  }
}
