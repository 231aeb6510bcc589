package dev.modelkit.core.jobs;

import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.training.TrainingEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress events of every job, oldest first, for {@code jobs().history}: held in memory while a
 * job runs (the newest {@value #LIMIT} per job) and written as a metadata record of kind
 * {@value #KIND} when its run ends, so a finished job's curves survive a restart. A run resumed
 * after an interruption continues the history its earlier run stored. A process killed mid-run
 * loses that run's events (the job record still holds its last progress).
 */
final class JobHistories {
  static final String KIND = "job_history";
  static final int LIMIT = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(JobHistories.class);

  /**
   * The stored form.
   *
   * @param events the events, oldest first
   */
  record Stored(List<TrainingEvent> events) {}

  private final Map<String, Deque<TrainingEvent>> live = new ConcurrentHashMap<>();
  private final MetadataStore store;
  private final JsonCodec json;

  JobHistories(MetadataStore store, JsonCodec json) {
    this.store = store;
    this.json = json;
  }

  private static String key(String organizationId, String jobId) {
    return organizationId + "/" + jobId;
  }

  /** Appends an event of a job that is queued or running; the first one loads what an earlier run stored. */
  void add(String organizationId, String jobId, TrainingEvent e) {
    if (e == null) {
      return;
    }
    Deque<TrainingEvent> d = live.computeIfAbsent(key(organizationId, jobId), k -> {
      Deque<TrainingEvent> seeded = new ArrayDeque<>();
      stored(organizationId, jobId).ifPresent(s -> seeded.addAll(s.events()));
      return seeded;
    });
    synchronized (d) {
      d.addLast(e);
      while (d.size() > LIMIT) {
        d.removeFirst();
      }
    }
  }

  /** @return the job's events, oldest first: the live ones while it runs, else the stored ones */
  List<TrainingEvent> get(String organizationId, String jobId) {
    Deque<TrainingEvent> d = live.get(key(organizationId, jobId));
    if (d != null) {
      synchronized (d) {
        return List.copyOf(d);
      }
    }
    return stored(organizationId, jobId).map(Stored::events).orElse(List.of());
  }

  /**
   * Ends a run: appends its last event (when not null) and writes the history. A failed write is
   * logged, never thrown: the job's own end is already stored and matters more.
   */
  void end(String organizationId, String jobId, TrainingEvent last) {
    add(organizationId, jobId, last);
    Deque<TrainingEvent> d = live.remove(key(organizationId, jobId));
    if (d == null) {
      return;
    }
    List<TrainingEvent> events;
    synchronized (d) {
      events = List.copyOf(d);
    }
    try {
      long version = store.get(KIND, organizationId, jobId).map(EntityRecord::version).orElse(0L);
      store.save(KIND, organizationId, jobId, "stored", json.toJson(new Stored(events)), version, null);
    } catch (RuntimeException e) {
      LOG.warn("The progress history of job {} ({} events) could not be stored; its curves will be missing after a"
          + " restart: {}", jobId, events.size(), e.toString());
    }
  }

  private Optional<Stored> stored(String organizationId, String jobId) {
    try {
      return store.get(KIND, organizationId, jobId).map(r -> json.fromJson(r.json(), Stored.class));
    } catch (RuntimeException e) {
      LOG.warn("The stored progress history of job {} is unreadable and is ignored: {}", jobId, e.toString());
      return Optional.empty();
    }
  }
}
