package dev.modelkit.core.jobs;

import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.TrainingContext.Checkpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one job's checkpoints in the metadata store and keeps only the last K. The list is
 * written before older artifacts are deleted, so a crash in between leaves at worst an unreferenced
 * artifact, never a recorded checkpoint whose artifact is gone.
 */
final class CheckpointKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointKeeper.class);

  private final MetadataStore store;
  private final ArtifactStore artifacts;
  private final JsonCodec json;
  private final String organizationId;
  private final String jobId;
  private final int keepLast;
  private List<Checkpoint> kept;
  private long version;

  CheckpointKeeper(MetadataStore store, ArtifactStore artifacts, JsonCodec json, String organizationId, String jobId,
      int keepLast) {
    this.store = store;
    this.artifacts = artifacts;
    this.json = json;
    this.organizationId = organizationId;
    this.jobId = jobId;
    this.keepLast = Math.max(1, keepLast);
    Optional<EntityRecord> r = store.get(JobCheckpoints.KIND, organizationId, jobId);
    kept = r.map(e -> new ArrayList<>(json.fromJson(e.json(), JobCheckpoints.class).checkpoints()))
        .orElseGet(ArrayList::new);
    version = r.map(EntityRecord::version).orElse(0L);
  }

  synchronized Optional<Checkpoint> last() {
    return kept.isEmpty() ? Optional.empty() : Optional.of(kept.get(kept.size() - 1));
  }

  synchronized void record(Checkpoint c) {
    List<Checkpoint> next = new ArrayList<>(kept);
    next.add(c);
    List<Checkpoint> dropped = new ArrayList<>();
    while (next.size() > keepLast) {
      dropped.add(next.remove(0));
    }
    String body = json.toJson(new JobCheckpoints(jobId, next));
    EntityRecord r = store.save(JobCheckpoints.KIND, organizationId, jobId, "epoch-" + c.epoch(), body, version, null);
    version = r.version();
    kept = next;
    Set<ArtifactRef> stillUsed = new HashSet<>();
    for (Checkpoint k : next) {
      stillUsed.add(k.artifact());
    }
    for (Checkpoint d : dropped) {
      if (!stillUsed.contains(d.artifact())) {
        try {
          artifacts.delete(d.artifact());
        } catch (RuntimeException e) {
          LOG.warn("Could not delete old checkpoint {} of job {}: {}", d.artifact(), jobId, e.toString());
        }
      }
    }
  }

  synchronized List<Checkpoint> all() {
    return List.copyOf(kept);
  }
}
