package dev.modelkit.core.jobs;

import dev.modelkit.InvalidStateException;
import dev.modelkit.NotFoundException;
import dev.modelkit.StoreException;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Reads and writes {@link TrainingJob}s as metadata records of kind {@code job}, with optimistic
 * concurrency: every write names the version it replaces, and {@link #update} re-reads and
 * re-applies a change when another writer got there first.
 */
final class JobRecords {
  static final String KIND = "job";
  private static final int MAX_ATTEMPTS = 20;

  /** A job together with the stored record it was read from. */
  record Stored(TrainingJob job, EntityRecord record) {}

  private final MetadataStore store;
  private final JsonCodec json;

  JobRecords(MetadataStore store, JsonCodec json) {
    this.store = store;
    this.json = json;
  }

  Optional<Stored> find(String organizationId, String jobId) {
    return store.get(KIND, organizationId, jobId).map(this::decode);
  }

  /** @throws NotFoundException if the job does not exist in the organisation */
  Stored require(String organizationId, String jobId) {
    return find(organizationId, jobId).orElseThrow(() -> new NotFoundException(
        "No training job '" + jobId + "' in organisation '" + organizationId
            + "'; list the organisation's jobs with jobs().list(null, 0, 100)"));
  }

  Stored insert(TrainingJob job, String body, AuditDraft audit) {
    EntityRecord r = store.save(KIND, job.organizationId(), job.id(), job.state().name(), body, 0, audit);
    return new Stored(job, r);
  }

  /**
   * Applies {@code change} to the latest stored job and writes the result with the audit record
   * {@code auditor} makes from the before and after JSON, retrying on concurrent writes.
   *
   * @param change returns the new job, or null to leave the job as it is; may throw to refuse
   * @param auditor makes the audit record from the before and after JSON, or null for none
   * @return the stored job after the change
   */
  Stored update(String organizationId, String jobId, UnaryOperator<TrainingJob> change,
      BiFunction<String, String, AuditDraft> auditor) {
    for (int attempt = 1; ; attempt++) {
      Stored current = require(organizationId, jobId);
      TrainingJob next = change.apply(current.job());
      if (next == null) {
        return current;
      }
      String body = json.toJson(next);
      AuditDraft audit = auditor == null ? null : auditor.apply(current.record().json(), body);
      try {
        EntityRecord r = store.save(KIND, organizationId, jobId, next.state().name(), body,
            current.record().version(), audit);
        return new Stored(next, r);
      } catch (InvalidStateException conflict) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new StoreException("Job '" + jobId + "' kept changing while it was being updated ("
              + MAX_ATTEMPTS + " attempts); try again", conflict);
        }
      }
    }
  }

  /** @return one page of the organisation's jobs, oldest first */
  List<TrainingJob> list(String organizationId, JobState state, int offset, int limit) {
    List<TrainingJob> out = new ArrayList<>();
    for (EntityRecord r : store.list(KIND, organizationId, state == null ? null : state.name(), offset, limit)) {
      out.add(decode(r).job());
    }
    return out;
  }

  long count(String organizationId, JobState state) {
    return store.count(KIND, organizationId, state == null ? null : state.name());
  }

  /** @return every job of the organisation, oldest first, read page by page */
  List<TrainingJob> all(String organizationId) {
    List<TrainingJob> out = new ArrayList<>();
    int page = 500;
    for (int offset = 0; ; offset += page) {
      List<TrainingJob> batch = list(organizationId, null, offset, page);
      out.addAll(batch);
      if (batch.size() < page) {
        return out;
      }
    }
  }

  /** @return every job in {@code state} across organisations, oldest first */
  List<Stored> allOrganizations(JobState state) {
    List<Stored> out = new ArrayList<>();
    for (EntityRecord r : store.listAllOrganizations(KIND, state.name())) {
      out.add(decode(r));
    }
    return out;
  }

  private Stored decode(EntityRecord r) {
    return new Stored(json.fromJson(r.json(), TrainingJob.class), r);
  }
}
