package dev.modelkit.experiments.internal;

import dev.modelkit.NotFoundException;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiments.internal.store.ExperimentLog;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The loaded experiments of one engine, per organisation. An experiment is loaded on first use
 * from the metadata store (its definition) and its directory below the engine's root (its
 * statistics), then kept; the engine's close checkpoints and closes them all.
 */
public final class ExperimentRegistry implements AutoCloseable {
  /** The metadata store's kind for experiments. */
  public static final String KIND = "experiment";

  private final Path root;
  private final Clock clock;
  private final long checkpointBytes;
  private final ConcurrentMap<String, ConcurrentMap<String, LiveExperiment>> organizations = new ConcurrentHashMap<>();

  /**
   * @param root directory holding one subdirectory per organisation and experiment
   * @param clock the runtime's clock
   * @param checkpointBytes log size that triggers a checkpoint
   */
  public ExperimentRegistry(Path root, Clock clock, long checkpointBytes) {
    this.root = root;
    this.clock = clock;
    this.checkpointBytes = checkpointBytes;
  }

  /**
   * @param organizationId an organisation
   * @return its loaded experiments, by id
   */
  ConcurrentMap<String, LiveExperiment> organization(String organizationId) {
    return organizations.computeIfAbsent(organizationId, o -> new ConcurrentHashMap<>());
  }

  /**
   * @param store the metadata store
   * @param json the codec
   * @param organizationId the caller's organisation
   * @param id the experiment
   * @return the loaded experiment
   * @throws NotFoundException if the organisation has no such experiment
   */
  LiveExperiment get(MetadataStore store, JsonCodec json, String organizationId, String id) {
    if (id == null) {
      throw new NotFoundException("No experiment id was given; pass the id returned by create(...).");
    }
    ConcurrentMap<String, LiveExperiment> org = organization(organizationId);
    LiveExperiment live = org.get(id);
    if (live != null && !live.broken()) {
      return live;
    }
    if (live != null) {
      org.remove(id, live);
      closeQuietly(live);
    }
    return org.computeIfAbsent(id, key -> load(store, json, organizationId, key));
  }

  /**
   * Registers a just-created experiment.
   *
   * @param experiment the stored experiment
   * @param version its stored version
   * @return the loaded experiment
   */
  LiveExperiment created(ABTestExperiment experiment, long version) {
    LiveExperiment live = open(experiment, version);
    organization(experiment.organizationId()).put(experiment.id(), live);
    return live;
  }

  private LiveExperiment load(MetadataStore store, JsonCodec json, String organizationId, String id) {
    Optional<EntityRecord> record = store.get(KIND, organizationId, id);
    if (record.isEmpty()) {
      throw new NotFoundException("No experiment '" + id + "' in organisation '" + organizationId
          + "'. List the organisation's experiments with experiments().list().");
    }
    return open(json.fromJson(record.get().json(), ABTestExperiment.class), record.get().version());
  }

  private LiveExperiment open(ABTestExperiment e, long version) {
    Path dir = root.resolve(PathNames.segment(e.organizationId())).resolve(PathNames.segment(e.id()));
    ExperimentLog log = ExperimentLog.open(dir, e.variants().size(), e.successMetrics().size(), checkpointBytes);
    return new LiveExperiment(e, version, log, clock);
  }

  /** Checkpoints and closes every loaded experiment. */
  @Override
  public void close() {
    for (ConcurrentMap<String, LiveExperiment> org : organizations.values()) {
      for (LiveExperiment live : org.values()) {
        closeQuietly(live);
      }
      org.clear();
    }
  }

  private static void closeQuietly(LiveExperiment live) {
    try {
      live.close();
    } catch (RuntimeException e) {
      // The log is already durable up to its last acknowledgement; nothing more can be saved.
    }
  }
}
