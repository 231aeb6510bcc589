package dev.modelkit.core.jobs;

import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Progress events, subscribers and waiters of every job.
 *
 * <p>A striped lock per job serialises "the job reached its end" (persist, publish the last event,
 * close the job's hub) against "someone subscribes or waits" (read the stored state, join the
 * hub), so nobody can join after the end was published and then wait for ever. Lock order: job
 * stripe, then cost account, then the stores; hub and mailbox locks are innermost.
 */
final class JobEvents {
  private static final int STRIPES = 64;
  private final Map<String, EventHub> hubs = new ConcurrentHashMap<>();
  private final Object[] stripes = new Object[STRIPES];
  private final ExecutorService executor = Executors.newCachedThreadPool(Threads.daemons("modelkit-job-events-"));
  private final Clock clock;
  private final JobHistories histories;

  /** @param histories where every published event is also kept, for {@code jobs().history} */
  JobEvents(Clock clock, JobHistories histories) {
    this.clock = clock;
    this.histories = histories;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  /** @return the lock that orders a job's end against subscribers and waiters */
  Object lock(String jobId) {
    return stripes[Math.floorMod(jobId.hashCode(), STRIPES)];
  }

  void publish(String organizationId, String jobId, TrainingEvent e) {
    histories.add(organizationId, jobId, e);
    EventHub hub = hubs.get(jobId);
    if (hub != null && e != null) {
      hub.publish(e);
    }
  }

  /**
   * Ends the job's history with its last event (when {@code last} is not null) and stores it, then
   * publishes that event, completes the job's subscribers and wakes its waiters.
   */
  void end(String organizationId, String jobId, TrainingJob last) {
    histories.end(organizationId, jobId, last == null ? null : finalEvent(last));
    endHub(jobId, last);
  }

  private void endHub(String jobId, TrainingJob last) {
    synchronized (lock(jobId)) {
      EventHub hub = hubs.remove(jobId);
      if (hub != null) {
        if (last != null) {
          hub.publish(finalEvent(last));
        }
        hub.close();
      }
    }
  }

  /**
   * Subscribes to a job's future events.
   *
   * @param ended read under the job's lock: whether the job already ended, in which case the
   *     subscriber is completed at once
   */
  EventMailbox attach(String jobId, Flow.Subscriber<? super TrainingEvent> subscriber, BooleanSupplier ended) {
    AtomicReference<EventHub> joined = new AtomicReference<>();
    EventMailbox mailbox = new EventMailbox(jobId, subscriber, executor, m -> {
      EventHub hub = joined.get();
      if (hub != null) {
        hub.remove(m);
        forgetIfIdle(jobId, hub);
      }
    });
    mailbox.open();
    try {
      synchronized (lock(jobId)) {
        if (ended.getAsBoolean()) {
          mailbox.complete();
        } else {
          EventHub hub = hubs.computeIfAbsent(jobId, k -> new EventHub());
          joined.set(hub);
          if (!hub.add(mailbox)) {
            mailbox.complete();
          }
        }
      }
    } catch (RuntimeException e) {
      mailbox.fail(e);
    }
    return mailbox;
  }

  /**
   * Waits until the job ends or the timeout passes.
   *
   * @param ended read under the job's lock: whether it already ended
   */
  void awaitEnd(String jobId, BooleanSupplier ended, Duration timeout)
      throws InterruptedException {
    if (timeout.isNegative() || timeout.isZero()) {
      return;
    }
    EventHub hub;
    synchronized (lock(jobId)) {
      if (ended.getAsBoolean()) {
        return;
      }
      hub = hubs.computeIfAbsent(jobId, k -> new EventHub());
      hub.addWaiter();
    }
    try {
      hub.ended().await(Math.min(timeout.toNanos(), Long.MAX_VALUE / 2), TimeUnit.NANOSECONDS);
    } finally {
      hub.removeWaiter();
      forgetIfIdle(jobId, hub);
    }
  }

  /**
   * Drops a hub nobody uses any more, for example after waiting on a job that was never started,
   * so that hubs do not pile up. Always safe: hubs are only joined under the same lock, and the
   * job's end closes whichever hub is registered then.
   */
  private void forgetIfIdle(String jobId, EventHub hub) {
    synchronized (lock(jobId)) {
      if (hub.idle()) {
        hubs.remove(jobId, hub);
      }
    }
  }

  TrainingEvent finalEvent(TrainingJob j) {
    TrainingEvent p = j.progress();
    String message = j.reason() != null ? j.reason()
        : j.modelVersion() != null ? "Registered model version " + j.modelId() + ":" + j.modelVersion() : null;
    return new TrainingEvent(j.id(), j.state(), JobStates.FINISHED, p == null ? 0 : p.epoch(),
        JobStates.totalEpochs(j), p == null ? 0 : p.fold(), j.metrics(), message, clock.instant());
  }

  /** Completes every subscriber and waiter, lets queued deliveries finish briefly, then stops. */
  void close() {
    for (String jobId : List.copyOf(hubs.keySet())) {
      endHub(jobId, null);
    }
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
