package dev.modelkit.core.pipeline.internal;

import dev.modelkit.NotFoundException;
import dev.modelkit.pipeline.PipelineRun;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/** Persists pipelines, runs and trigger state in the metadata store, each change with its audit record. */
public final class PipelineStore {
  /** Entity kind of pipelines. */
  public static final String PIPELINE = "pipeline";
  /** Entity kind of runs. */
  public static final String RUN = "pipeline_run";
  /** Entity kind of trigger state. */
  public static final String TRIGGERS = "pipeline_triggers";
  private static final String ACTIVE = "active";
  private static final String DELETED = "deleted";

  private final MetadataStore metadata;
  private final JsonCodec json;

  /**
   * @param metadata the store
   * @param json the codec
   */
  public PipelineStore(MetadataStore metadata, JsonCodec json) {
    this.metadata = metadata;
    this.json = json;
  }

  /** @return the codec */
  public JsonCodec json() {
    return json;
  }

  /**
   * @param p the pipeline
   * @param audit builds the audit record from the stored JSON
   */
  public void insert(StoredPipeline p, java.util.function.Function<String, AuditDraft> audit) {
    String body = json.toJson(p);
    metadata.save(PIPELINE, p.pipeline().organizationId(), p.pipeline().id(), ACTIVE, body, 0, audit.apply(body));
  }

  /**
   * @param org organisation
   * @param id pipeline id
   * @return the pipeline
   * @throws NotFoundException if there is none
   */
  public StoredPipeline pipeline(String org, String id) {
    return find(org, id).orElseThrow(() -> new NotFoundException("No pipeline '" + id + "' in organisation '" + org
        + "'; list them with pipelines().list"));
  }

  /**
   * @param org organisation
   * @param id pipeline id
   * @return the pipeline, if stored
   */
  public Optional<StoredPipeline> find(String org, String id) {
    if (id == null) {
      return Optional.empty();
    }
    return metadata.get(PIPELINE, org, id).filter(r -> ACTIVE.equals(r.status()))
        .map(r -> json.fromJson(r.json(), StoredPipeline.class));
  }

  /**
   * Replaces a pipeline's stored form, or marks it deleted, with its audit record.
   *
   * @param p the new stored form (the deleted pipeline's last definition when deleting)
   * @param deleted whether the pipeline is deleted: it is then kept for the audit trail and the
   *     runs that name it, but is no longer found, listed or triggered
   * @param audit builds the audit record from the JSON before and after
   * @throws NotFoundException if there is no such (undeleted) pipeline
   * @throws dev.modelkit.InvalidStateException if another writer changed it meanwhile
   */
  public void replace(StoredPipeline p, boolean deleted, BiFunction<String, String, AuditDraft> audit) {
    String org = p.pipeline().organizationId();
    String id = p.pipeline().id();
    EntityRecord current = metadata.get(PIPELINE, org, id).filter(r -> ACTIVE.equals(r.status()))
        .orElseThrow(() -> new NotFoundException("No pipeline '" + id + "' in organisation '" + org
            + "'; list them with pipelines().list"));
    String body = json.toJson(p);
    metadata.save(PIPELINE, org, id, deleted ? DELETED : ACTIVE, body, current.version(),
        audit.apply(current.json(), body));
  }

  /**
   * @param org organisation
   * @param offset rows to skip
   * @param limit at most
   * @return pipelines
   */
  public List<StoredPipeline> pipelines(String org, int offset, int limit) {
    return metadata.list(PIPELINE, org, ACTIVE, offset, limit).stream()
        .map(r -> json.fromJson(r.json(), StoredPipeline.class)).toList();
  }

  /** @return every organisation's pipelines, for the trigger service */
  public List<StoredPipeline> allPipelines() {
    return metadata.listAllOrganizations(PIPELINE, ACTIVE).stream()
        .map(r -> json.fromJson(r.json(), StoredPipeline.class)).toList();
  }

  /**
   * @param run a new run
   * @param audit the audit record
   */
  public void insertRun(PipelineRun run, AuditDraft audit) {
    metadata.save(RUN, run.organizationId(), run.id(), run.state().wireName(), json.toJson(run), 0, audit);
  }

  /**
   * @param org organisation
   * @param id run id
   * @return the run
   * @throws NotFoundException if there is none
   */
  public PipelineRun run(String org, String id) {
    return record(org, id).map(r -> json.fromJson(r.json(), PipelineRun.class))
        .orElseThrow(() -> new NotFoundException("No pipeline run '" + id + "' in organisation '" + org
            + "'; list them with pipelines().runs"));
  }

  private Optional<EntityRecord> record(String org, String id) {
    return id == null ? Optional.empty() : metadata.get(RUN, org, id);
  }

  /**
   * Changes a run with optimistic concurrency, retrying when another writer got there first.
   *
   * @param org organisation
   * @param id run id
   * @param change the change
   * @param audit builds the audit record from the JSON before and after, or returns null for none
   * @return the stored run
   */
  public PipelineRun updateRun(String org, String id, UnaryOperator<PipelineRun> change,
      BiFunction<String, String, AuditDraft> audit) {
    for (int attempt = 0; ; attempt++) {
      EntityRecord current = record(org, id).orElseThrow(() -> new NotFoundException("No pipeline run '" + id + "'"));
      PipelineRun before = json.fromJson(current.json(), PipelineRun.class);
      PipelineRun after = change.apply(before);
      String body = json.toJson(after);
      try {
        metadata.save(RUN, org, id, after.state().wireName(), body, current.version(),
            audit.apply(current.json(), body));
        return after;
      } catch (dev.modelkit.InvalidStateException raced) {
        if (attempt >= 5) {
          throw raced;
        }
      }
    }
  }

  /**
   * @param org organisation
   * @param pipelineId the pipeline, or null for all
   * @param offset rows to skip
   * @param limit at most
   * @return runs, oldest first
   */
  public List<PipelineRun> runs(String org, String pipelineId, int offset, int limit) {
    List<PipelineRun> all = metadata.list(RUN, org, null, 0, Integer.MAX_VALUE).stream()
        .map(r -> json.fromJson(r.json(), PipelineRun.class))
        .filter(r -> pipelineId == null || r.pipelineId().equals(pipelineId)).toList();
    return all.stream().skip(Math.max(0, offset)).limit(Math.max(0, limit)).toList();
  }

  /** @return every organisation's runs in the given state */
  public List<PipelineRun> runsInState(String state) {
    return metadata.listAllOrganizations(RUN, state).stream().map(r -> json.fromJson(r.json(), PipelineRun.class))
        .toList();
  }

  /**
   * @param org organisation
   * @param pipelineId pipeline
   * @return its trigger state, if stored, with the record version
   */
  public Optional<Versioned<TriggerState>> triggers(String org, String pipelineId) {
    return metadata.get(TRIGGERS, org, pipelineId)
        .map(r -> new Versioned<>(json.fromJson(r.json(), TriggerState.class), r.version()));
  }

  /**
   * @param org organisation
   * @param pipelineId pipeline
   * @param state the new state
   * @param expectedVersion 0 to insert
   */
  public void saveTriggers(String org, String pipelineId, TriggerState state, long expectedVersion) {
    metadata.save(TRIGGERS, org, pipelineId, "armed", json.toJson(state), expectedVersion, null);
  }

  /**
   * A value with its store version.
   *
   * @param value the value
   * @param version its version
   * @param <T> the type
   */
  public record Versioned<T>(T value, long version) {}
}
