package dev.modelkit.core.jobs;

import dev.modelkit.InvalidStateException;
import dev.modelkit.StoreException;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.Lineage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.DeploymentConfiguration;
import dev.modelkit.training.TrainingJob;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registers the model version a finished job produced (metadata kind {@value #KIND}, id {@code
 * <modelId>:<version>}). Versions are numbered 1, 2, 3 ... per model; concurrent jobs of one model
 * each get their own number because the insert only succeeds for a version that does not exist
 * yet, and a loser retries with the next free number.
 */
final class ModelVersionWriter {
  static final String KIND = "model_version";
  /** Approvals needed when {@code approvalRequired} is set without naming roles. */
  static final Map<String, Integer> DEFAULT_APPROVALS = Map.of(Roles.ADMINISTRATOR, 1);
  private static final int MAX_ATTEMPTS = 1000;

  private final MetadataStore store;
  private final JsonCodec json;
  private final Clock clock;
  private final Map<String, Integer> lastKnown = new ConcurrentHashMap<>();

  ModelVersionWriter(MetadataStore store, JsonCodec json, Clock clock) {
    this.store = store;
    this.json = json;
    this.clock = clock;
  }

  /**
   * @param job the finished job
   * @param result what the engine produced
   * @param engine the engine's name
   * @param stage {@code DRAFT}, or {@code REJECTED} when thresholds were missed
   * @param note why it is in that stage
   * @param principal the user id the audit record names
   * @return the registered version
   */
  ModelVersion register(TrainingJob job, TrainingResult result, String engine, LifecycleStage stage, String note,
      String principal) {
    String org = job.organizationId();
    String key = org + '\n' + job.modelId();
    Map<String, String> libraries = new HashMap<>(result.libraryVersions());
    libraries.putIfAbsent("java", System.getProperty("java.version"));
    Lineage lineage = new Lineage(job.id(), sha256(json.toJson(job.configuration())), result.datasetFingerprints(),
        job.configuration().hyperparameters().seed(), job.configuration().baseModel(), libraries);
    int candidate = nextFree(org, job.modelId(), lastKnown.getOrDefault(key, 0) + 1);
    for (int attempt = 1; ; attempt++) {
      String version = Integer.toString(candidate);
      ModelVersion mv = new ModelVersion(job.modelId(), version, org, engine, stage, result.artifacts(),
          Metrics.finite(result.metrics()), lineage, null, requiredApprovals(job.configuration().deploymentConfig()),
          job.createdBy(), clock.instant(), note);
      String id = job.modelId() + ':' + version;
      String body = json.toJson(mv);
      AuditDraft audit = new AuditDraft(org, principal, "model_version.registered", KIND, id, null, body, note,
          clock.instant());
      try {
        store.save(KIND, org, id, stage.wireName(), body, 0, audit);
        lastKnown.merge(key, candidate, Math::max);
        return mv;
      } catch (InvalidStateException taken) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new StoreException("Could not find a free version number for model '" + job.modelId() + "' after "
              + MAX_ATTEMPTS + " attempts", taken);
        }
        candidate = nextFree(org, job.modelId(), candidate + 1);
      }
    }
  }

  /**
   * @param deployment the job's deployment settings
   * @return the approvals a version needs: those configured, one administrator's when approval is
   *     required without naming roles, none when approval is not required
   */
  static Map<String, Integer> requiredApprovals(DeploymentConfiguration deployment) {
    if (!deployment.requiredApprovals().isEmpty()) {
      return deployment.requiredApprovals();
    }
    return deployment.approvalRequired() ? DEFAULT_APPROVALS : Map.of();
  }

  /**
   * Finds the first version number at or after {@code from} that is not taken, assuming versions
   * are taken without gaps (they are never deleted): a doubling probe then a binary search, so a
   * model with n versions costs about 2 log2(n) reads when nothing is known about it.
   */
  private int nextFree(String org, String modelId, int from) {
    if (!exists(org, modelId, from)) {
      if (from == 1 || exists(org, modelId, from - 1)) {
        return from;
      }
      from = 1;
      if (!exists(org, modelId, 1)) {
        return 1;
      }
    }
    int taken = from;
    long step = 1;
    long probe = from + step;
    while (probe < Integer.MAX_VALUE && exists(org, modelId, (int) probe)) {
      taken = (int) probe;
      step *= 2;
      probe = taken + step;
    }
    int free = (int) Math.min(probe, Integer.MAX_VALUE);
    while (free - taken > 1) {
      int mid = taken + (free - taken) / 2;
      if (exists(org, modelId, mid)) {
        taken = mid;
      } else {
        free = mid;
      }
    }
    return free;
  }

  private boolean exists(String org, String modelId, int version) {
    return store.get(KIND, org, modelId + ':' + version).isPresent();
  }

  static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-256", e);
    }
  }
}
