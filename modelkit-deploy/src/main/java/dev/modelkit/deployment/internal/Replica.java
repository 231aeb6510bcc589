package dev.modelkit.deployment.internal;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One serving replica: a loaded endpoint, a cap on concurrent calls (its worker pool size) and a
 * drain-before-close protocol, so that retiring a replica never fails a request already on it.
 *
 * <p>The state word counts in-flight calls; once {@link #retire()} is called it is offset by a
 * large negative number so new calls are refused (the router then retries on the current route)
 * and the endpoint is closed by whichever thread brings the count to zero.
 */
public final class Replica {
  private static final int RETIRED = Integer.MIN_VALUE / 2;

  private final String id;
  private final ModelEndpoint endpoint;
  private final int maxConcurrency;
  private final AtomicInteger state = new AtomicInteger();
  private volatile boolean healthy = true;
  private volatile int consecutiveFailures;
  private volatile java.time.Instant lastProbe;
  private volatile boolean probing;

  /**
   * @param id replica id, for example {@code v2-r0}
   * @param endpoint the loaded model
   * @param maxConcurrency calls allowed at once, at least 1
   */
  public Replica(String id, ModelEndpoint endpoint, int maxConcurrency) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
    }
    this.id = id;
    this.endpoint = endpoint;
    this.maxConcurrency = maxConcurrency;
  }

  /** @return the replica id */
  public String id() {
    return id;
  }

  /** @return the version it serves */
  public String version() {
    return endpoint.version();
  }

  /** @return the endpoint */
  public ModelEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Tries to start a call.
   *
   * @return false if the replica is retired or at its concurrency cap
   */
  public boolean tryAcquire() {
    while (true) {
      int s = state.get();
      if (s < 0 || s >= maxConcurrency) {
        return false;
      }
      if (state.compareAndSet(s, s + 1)) {
        return true;
      }
    }
  }

  /**
   * Starts a call even at the concurrency cap (used when every replica is busy, so requests
   * queue on threads instead of failing).
   *
   * @return false only if the replica is retired
   */
  public boolean acquireOverCap() {
    while (true) {
      int s = state.get();
      if (s < 0) {
        return false;
      }
      if (state.compareAndSet(s, s + 1)) {
        return true;
      }
    }
  }

  /** Ends a call started by a successful acquire. */
  public void release() {
    if (state.decrementAndGet() == RETIRED) {
      endpoint.close();
    }
  }

  /**
   * Calls the model. The caller must hold an acquired slot.
   *
   * @param features the input
   * @return the prediction
   * @throws Exception the model's failure
   */
  public Object invoke(Map<String, Object> features) throws Exception {
    return endpoint.predict(features);
  }

  /** Stops new calls; the endpoint closes once in-flight calls finish. Idempotent. */
  public void retire() {
    while (true) {
      int s = state.get();
      if (s < 0) {
        return;
      }
      if (state.compareAndSet(s, s + RETIRED)) {
        if (s == 0) {
          endpoint.close();
        }
        return;
      }
    }
  }

  /** @return whether {@link #retire()} was called */
  public boolean retired() {
    return state.get() < 0;
  }

  /** @return calls in flight */
  public int inFlight() {
    int s = state.get();
    return s < 0 ? s - RETIRED : s;
  }

  /** @return whether the last health checks passed */
  public boolean healthy() {
    return healthy;
  }

  /**
   * Claims the next health probe of this replica if it is due.
   *
   * @param now the current time
   * @param intervalMillis time between probes
   * @return whether the caller should probe now
   */
  public synchronized boolean probeDue(java.time.Instant now, long intervalMillis) {
    if (probing || retired() || (lastProbe != null && now.isBefore(lastProbe.plusMillis(intervalMillis)))) {
      return false;
    }
    probing = true;
    lastProbe = now;
    return true;
  }

  /**
   * Records a health check result.
   *
   * @param ok whether it passed
   * @param retries failures in a row that make the replica unhealthy
   */
  public void recordHealth(boolean ok, int retries) {
    probing = false;
    if (ok) {
      consecutiveFailures = 0;
      healthy = true;
    } else if (++consecutiveFailures >= retries) {
      healthy = false;
    }
  }
}
