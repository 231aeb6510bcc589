package dev.modelkit.core.jobs;

import dev.modelkit.resources.Priority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Admits waiting jobs to the resource pool in strict order: higher priority first, then earlier
 * arrival. Only the head of the queue is ever admitted; when it does not fit, everything behind
 * it waits too (no backfill), so a large high-priority job can never be starved by a stream of
 * small ones. See docs/decisions/0040-scheduler.md.
 *
 * <p>Admission and release happen under one lock, so the sum of admitted demands never exceeds
 * the capacity at any instant. The admission callback runs under that lock and must only hand
 * the job to an executor.
 */
final class ResourceScheduler {

  /** A job waiting for or holding resources. */
  record Ticket(String organizationId, String jobId, Demand demand, Priority priority, long arrival) {}

  /** A job to queue. */
  record Submission(String organizationId, String jobId, Demand demand, Priority priority) {}

  /** A consistent view of the pool. */
  record Snapshot(Demand capacity, Demand inUse, List<Ticket> running, List<Ticket> queued) {}

  private static final Comparator<Ticket> ORDER = Comparator
      .comparing(Ticket::priority, Comparator.comparingInt(Priority::ordinal).reversed())
      .thenComparingLong(Ticket::arrival);

  private final Demand capacity;
  private final int slots;
  private final Consumer<Ticket> onAdmit;
  private final TreeSet<Ticket> queue = new TreeSet<>(ORDER);
  private final Map<String, Ticket> waiting = new HashMap<>();
  private final Map<String, Ticket> admitted = new LinkedHashMap<>();
  private Demand inUse = Demand.ZERO;
  private long arrivals;
  private boolean stopped;

  /**
   * @param capacity the whole pool
   * @param slots how many jobs may hold resources at once (the worker threads)
   * @param onAdmit called, under the scheduler's lock, with each admitted ticket
   */
  ResourceScheduler(Demand capacity, int slots, Consumer<Ticket> onAdmit) {
    this.capacity = capacity;
    this.slots = slots;
    this.onAdmit = onAdmit;
  }

  Demand capacity() {
    return capacity;
  }

  /**
   * Queues a job and admits whatever now fits.
   *
   * @throws IllegalStateException if the job is already queued or running, or the scheduler stopped
   * @throws IllegalArgumentException if the job needs more than the whole pool
   */
  synchronized Ticket submit(String organizationId, String jobId, Demand demand, Priority priority) {
    Ticket t = enqueue(new Submission(organizationId, jobId, demand, priority));
    dispatch();
    return t;
  }

  /**
   * Queues several jobs before admitting any, so that they are admitted by priority rather than in
   * the order of the list (used when jobs are queued again after a restart).
   *
   * @throws IllegalStateException if a job is already queued or running, or the scheduler stopped;
   *     the jobs before it stay queued
   * @throws IllegalArgumentException if a job needs more than the whole pool
   */
  synchronized void submitAll(List<Submission> submissions) {
    try {
      for (Submission s : submissions) {
        enqueue(s);
      }
    } finally {
      dispatch();
    }
  }

  private Ticket enqueue(Submission s) {
    if (stopped) {
      throw new IllegalStateException("the job scheduler is closed; job '" + s.jobId() + "' was not queued");
    }
    if (waiting.containsKey(s.jobId()) || admitted.containsKey(s.jobId())) {
      throw new IllegalStateException("job '" + s.jobId() + "' is already scheduled");
    }
    if (!s.demand().fitsWithin(capacity)) {
      throw new IllegalArgumentException("job '" + s.jobId() + "' needs " + s.demand() + " but the pool holds only "
          + capacity);
    }
    Ticket t = new Ticket(s.organizationId(), s.jobId(), s.demand(), s.priority(), arrivals++);
    waiting.put(s.jobId(), t);
    queue.add(t);
    return t;
  }

  /** @return whether the job was still waiting and is now removed from the queue */
  synchronized boolean withdraw(String jobId) {
    Ticket t = waiting.remove(jobId);
    if (t == null) {
      return false;
    }
    queue.remove(t);
    // The head may have been the one blocking everything behind it.
    dispatch();
    return true;
  }

  /** Returns an admitted job's resources to the pool and admits whatever now fits. */
  synchronized void release(String jobId) {
    Ticket t = admitted.remove(jobId);
    if (t != null) {
      inUse = inUse.minus(t.demand());
      dispatch();
    }
  }

  /** Stops admitting; waiting jobs stay waiting (they are persisted and resubmitted after a restart). */
  synchronized void stop() {
    stopped = true;
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(capacity, inUse, List.copyOf(admitted.values()), new ArrayList<>(queue));
  }

  private void dispatch() {
    while (!stopped && !queue.isEmpty() && admitted.size() < slots) {
      Ticket head = queue.first();
      if (!inUse.plus(head.demand()).fitsWithin(capacity)) {
        return;
      }
      queue.pollFirst();
      waiting.remove(head.jobId());
      admitted.put(head.jobId(), head);
      inUse = inUse.plus(head.demand());
      onAdmit.accept(head);
    }
  }
}
