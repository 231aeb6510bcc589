package dev.modelkit.core.governance;

import dev.modelkit.InvalidStateException;
import dev.modelkit.ModelRegistry;
import dev.modelkit.NotFoundException;
import dev.modelkit.deploy.Environment;
import dev.modelkit.governance.Approval;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.security.Permission;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.ServiceContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The model registry of one caller, on the metadata store: versions are entities of kind {@value
 * #KIND} with id {@code <modelId>:<version>} and status the stage's wire name.
 *
 * <p>Only the stage, the note and the approvals of a version ever change, each change in one
 * {@code MetadataStore.save} together with its audit record. Concurrent changes to the same version
 * are retried on a fresh copy, so two approvers never overwrite each other's approval.
 */
public final class StoredModelRegistry implements ModelRegistry {
  /** The metadata entity kind of model versions. */
  public static final String KIND = "model_version";
  private static final int PAGE = 500;
  private static final int ATTEMPTS = 5;

  private final ServiceContext ctx;
  private final Predicate<ModelVersion> approvalRequired;
  private final java.util.function.Supplier<dev.modelkit.spi.TrainingEngine> engine;

  /**
   * @param ctx the caller's context
   * @param approvalRequired whether a version's configuration had {@code
   *     deploymentConfig.approvalRequired}; consulted only when it names no roles
   * @param engine the training engine that loads versions for serving; throws {@code
   *     ProviderNotFoundException} when none is installed
   */
  public StoredModelRegistry(ServiceContext ctx, Predicate<ModelVersion> approvalRequired,
      java.util.function.Supplier<dev.modelkit.spi.TrainingEngine> engine) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.approvalRequired = Objects.requireNonNull(approvalRequired, "approvalRequired");
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public dev.modelkit.spi.Predictor predictor(String modelId, String version) {
    ModelVersion v = get(modelId, version);
    if (v.stage() == dev.modelkit.governance.LifecycleStage.REJECTED
        || v.stage() == dev.modelkit.governance.LifecycleStage.ARCHIVED) {
      throw new dev.modelkit.InvalidStateException("Version " + version + " of model '" + modelId + "' is "
          + v.stage().wireName() + " and cannot be served" + (v.note() == null ? "." : ": " + v.note()));
    }
    return engine.get().load(v, ctx.artifacts());
  }

  /**
   * @param modelId a model id
   * @param version a version label
   * @return the entity id of that version
   */
  public static String entityId(String modelId, String version) {
    return modelId + ":" + version;
  }

  @Override
  public ModelVersion get(String modelId, String version) {
    ctx.require(Permission.READ);
    return decode(load(modelId, version));
  }

  @Override
  public List<ModelVersion> versions(String modelId) {
    ctx.require(Permission.READ);
    Objects.requireNonNull(modelId, "modelId");
    List<ModelVersion> out = new ArrayList<>();
    for (EntityRecord r : all()) {
      if (r.id().startsWith(modelId + ":")) {
        ModelVersion v = decode(r);
        if (v.modelId().equals(modelId)) {
          out.add(v);
        }
      }
    }
    out.sort(Comparator.comparing(ModelVersion::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return List.copyOf(out);
  }

  @Override
  public List<String> models() {
    ctx.require(Permission.READ);
    TreeSet<String> ids = new TreeSet<>();
    for (EntityRecord r : all()) {
      int colon = r.id().lastIndexOf(':');
      ids.add(colon < 0 ? r.id() : r.id().substring(0, colon));
    }
    return List.copyOf(ids);
  }

  @Override
  public ModelVersion requireDeployable(String modelId, String version, Environment environment) {
    ctx.require(Permission.READ);
    Objects.requireNonNull(environment, "environment");
    ModelVersion v = decode(load(modelId, version));
    LifecycleRules.checkDeployableStage(v, environment);
    ApprovalRequirements required = ApprovalRequirements.of(v, approvalRequired.test(v));
    if (!required.none()) {
      List<String> firstMissing = null;
      for (LifecycleStage stage : LifecycleRules.approvalStagesFor(environment)) {
        List<String> missing = required.missing(v.approvals(), stage);
        if (missing.isEmpty()) {
          return v;
        }
        if (firstMissing == null) {
          firstMissing = missing;
        }
      }
      LifecycleStage stage = LifecycleRules.approvalStagesFor(environment).get(0);
      throw new InvalidStateException(LifecycleRules.label(v) + " cannot be deployed to " + environment.wireName()
          + ": it needs " + String.join("; ", firstMissing) + " for " + stage.wireName()
          + ". Approve it with models().approve(\"" + v.modelId() + "\", \"" + v.version() + "\", "
          + stage.wireName() + ", comment).");
    }
    return v;
  }

  @Override
  public ModelVersion approve(String modelId, String version, LifecycleStage stage, String comment) {
    ctx.require(Permission.APPROVE);
    Objects.requireNonNull(stage, "stage");
    if (stage != LifecycleStage.STAGING && stage != LifecycleStage.PRODUCTION) {
      throw new IllegalArgumentException("Approvals are for stage staging or production, not " + stage.wireName());
    }
    return update(modelId, version, "model.approved", comment, v -> {
      if (v.stage() == LifecycleStage.REJECTED || v.stage() == LifecycleStage.ARCHIVED) {
        throw new InvalidStateException(LifecycleRules.label(v) + " is " + v.stage().wireName()
            + " and can no longer be approved.");
      }
      for (Approval a : v.approvals()) {
        if (a.stage() == stage && a.userId().equals(ctx.principal().userId())) {
          throw new InvalidStateException("User '" + a.userId() + "' already approved " + LifecycleRules.label(v)
              + " for " + stage.wireName() + " at " + a.time() + "; each user approves once per stage.");
        }
      }
      List<Approval> approvals = new ArrayList<>(v.approvals());
      approvals.add(new Approval(ctx.principal().userId(), ctx.principal().roles(), stage, comment,
          ctx.clock().instant()));
      return new ModelVersion(v.modelId(), v.version(), v.organizationId(), v.engine(), v.stage(), v.artifacts(),
          v.metrics(), v.lineage(), approvals, v.requiredApprovals(), v.createdBy(), v.createdAt(), v.note());
    });
  }

  @Override
  public ModelVersion transition(String modelId, String version, LifecycleStage stage, String reason) {
    ctx.require(Permission.MANAGE_LIFECYCLE);
    Objects.requireNonNull(stage, "stage");
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason must not be blank: the audit trail records why a version changed stage");
    }
    return update(modelId, version, "model.transitioned", reason, v -> {
      LifecycleRules.checkMove(v, stage);
      if (stage == LifecycleStage.STAGING || stage == LifecycleStage.PRODUCTION) {
        List<String> missing = ApprovalRequirements.of(v, approvalRequired.test(v)).missing(v.approvals(), stage);
        if (!missing.isEmpty()) {
          throw new InvalidStateException(LifecycleRules.label(v) + " cannot move to " + stage.wireName()
              + ": it needs " + String.join("; ", missing) + " for " + stage.wireName()
              + ". Approve it with models().approve(\"" + v.modelId() + "\", \"" + v.version() + "\", "
              + stage.wireName() + ", comment).");
        }
      }
      return new ModelVersion(v.modelId(), v.version(), v.organizationId(), v.engine(), stage, v.artifacts(),
          v.metrics(), v.lineage(), v.approvals(), v.requiredApprovals(), v.createdBy(), v.createdAt(), reason);
    });
  }

  private ModelVersion update(String modelId, String version, String action, String reason,
      UnaryOperator<ModelVersion> change) {
    InvalidStateException conflict = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      EntityRecord current = load(modelId, version);
      ModelVersion before = decode(current);
      ModelVersion after = change.apply(before);
      String beforeJson = current.json();
      String afterJson = ctx.json().toJson(after);
      try {
        ctx.metadata().save(KIND, current.organizationId(), current.id(), after.stage().wireName(), afterJson,
            current.version(), ctx.audit(action, KIND, current.id(), beforeJson, afterJson, reason));
        return after;
      } catch (InvalidStateException e) {
        if (ctx.metadata().get(KIND, current.organizationId(), current.id())
            .map(r -> r.version() == current.version()).orElse(false)) {
          throw e;
        }
        conflict = e;
      }
    }
    throw new InvalidStateException("Model '" + modelId + "' version '" + version + "' kept changing under "
        + ATTEMPTS + " attempts to update it; try again.", conflict);
  }

  private EntityRecord load(String modelId, String version) {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(version, "version");
    String org = ctx.principal().organizationId();
    Optional<EntityRecord> r = ctx.metadata().get(KIND, org, entityId(modelId, version));
    return r.orElseThrow(() -> new NotFoundException("Model '" + modelId + "' has no version '" + version
        + "' in organisation '" + org + "'. List its versions with models().versions(\"" + modelId + "\")."));
  }

  private List<EntityRecord> all() {
    String org = ctx.principal().organizationId();
    List<EntityRecord> out = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      List<EntityRecord> page = ctx.metadata().list(KIND, org, null, offset, PAGE);
      out.addAll(page);
      if (page.size() < PAGE) {
        return out;
      }
    }
  }

  private ModelVersion decode(EntityRecord r) {
    return ctx.json().fromJson(r.json(), ModelVersion.class);
  }
}
