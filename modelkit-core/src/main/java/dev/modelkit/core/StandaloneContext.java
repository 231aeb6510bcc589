package dev.modelkit.core;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.governance.Authorizer;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.security.RolePolicy;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import java.time.Clock;
import java.util.Objects;

/**
 * A {@link ServiceContext} for using one provider on its own, outside a {@link ModelKit} runtime:
 * a knowledge store, an experiment engine or the monitoring service opened directly over the
 * stores the host hands it, as the standalone samples and the benchmarks do.
 *
 * <p>Permission checks follow a {@link RolePolicy} (the seed's default unless another is given)
 * with the runtime's own messages, so a caller without the permission is refused exactly as
 * through the full service. Stores that were not given are refused when asked for, with a message
 * that says which builder method supplies them; {@link #service()} answers only when a service was
 * given.
 *
 * <pre>{@code
 * ServiceContext ctx = StandaloneContext.builder(Principal.of("ana", "acme", "data_scientist"))
 *     .metadata(metadata).artifacts(artifacts).build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StandaloneContext implements ServiceContext {
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private final Principal principal;
  private final MetadataStore metadata;
  private final ArtifactStore artifacts;
  private final JsonCodec json;
  private final Clock clock;
  private final Authorizer authorizer;
  private final CustomModelTrainingService service;

  private StandaloneContext(Principal principal, MetadataStore metadata, ArtifactStore artifacts, JsonCodec json,
      Clock clock, Authorizer authorizer, CustomModelTrainingService service) {
    this.principal = Objects.requireNonNull(principal, "principal");
    this.metadata = metadata;
    this.artifacts = artifacts;
    this.json = json;
    this.clock = clock;
    this.authorizer = authorizer;
    this.service = service;
  }

  /**
   * @param principal the caller every operation through the context acts as
   * @return a builder
   */
  public static Builder builder(Principal principal) {
    return new Builder(Objects.requireNonNull(principal, "principal"));
  }

  /**
   * The same stores, policy, clock and service for another caller, for example a second user of
   * the same knowledge store.
   *
   * @param other the other caller
   * @return a context acting as {@code other}
   */
  public StandaloneContext as(Principal other) {
    return new StandaloneContext(other, metadata, artifacts, json, clock, authorizer, service);
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public void require(Permission permission) {
    if (!authorizer.policy().allows(principal, permission)) {
      // The calling operation is named only for the refusal: walking the stack on every allowed
      // call would tax hot paths such as assignment and monitoring.
      authorizer.require(principal, permission, WALKER.walk(frames -> frames
          .filter(f -> f.getDeclaringClass() != StandaloneContext.class)
          .findFirst()
          .map(f -> f.getDeclaringClass().getSimpleName() + "." + f.getMethodName())
          .orElse("an operation")));
    }
  }

  @Override
  public MetadataStore metadata() {
    if (metadata == null) {
      throw new IllegalStateException("this StandaloneContext was built without a metadata store; pass one to "
          + "StandaloneContext.builder(principal).metadata(store)");
    }
    return metadata;
  }

  @Override
  public ArtifactStore artifacts() {
    if (artifacts == null) {
      throw new IllegalStateException("this StandaloneContext was built without an artifact store; pass one to "
          + "StandaloneContext.builder(principal).artifacts(store)");
    }
    return artifacts;
  }

  @Override
  public JsonCodec json() {
    return json;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public AuditDraft audit(String action, String entityKind, String entityId, String before, String after,
      String reason) {
    return new AuditDraft(principal.organizationId(), principal.userId(), action, entityKind, entityId, before, after,
        reason, clock.instant());
  }

  /**
   * @throws UnsupportedOperationException when the context was built without a service: a
   *     standalone provider then has no other area (registry, jobs) to call
   */
  @Override
  public CustomModelTrainingService service() {
    if (service == null) {
      throw new UnsupportedOperationException("this StandaloneContext has no CustomModelTrainingService: the "
          + "provider used on its own cannot reach other areas (model registry, jobs). Open the full runtime with "
          + "ModelKit.builder(), or pass a service to StandaloneContext.builder(principal).service(service)");
    }
    return service;
  }

  /** Collects the stores and policy of a {@link StandaloneContext}; not thread-safe. */
  public static final class Builder {
    private final Principal principal;
    private MetadataStore metadata;
    private ArtifactStore artifacts;
    private JsonCodec json;
    private Clock clock;
    private RolePolicy policy;
    private CustomModelTrainingService service;

    private Builder(Principal principal) {
      this.principal = principal;
    }

    /**
     * @param store where the provider keeps its records; required by every provider that stores any
     * @return this builder
     */
    public Builder metadata(MetadataStore store) {
      this.metadata = Objects.requireNonNull(store, "metadata");
      return this;
    }

    /**
     * @param store where the provider keeps files (indexes, checkpoints, models)
     * @return this builder
     */
    public Builder artifacts(ArtifactStore store) {
      this.artifacts = Objects.requireNonNull(store, "artifacts");
      return this;
    }

    /**
     * @param codec the JSON codec; a {@link ConfigCodec} when not given
     * @return this builder
     */
    public Builder json(JsonCodec codec) {
      this.json = Objects.requireNonNull(codec, "json");
      return this;
    }

    /**
     * @param clock the clock of audit times and time windows; the UTC system clock when not given
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param policy the roles' permissions; {@link RolePolicy#defaults()} when not given
     * @return this builder
     */
    public Builder policy(RolePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * @param service the service the provider may call for other areas
     * @return this builder
     */
    public Builder service(CustomModelTrainingService service) {
      this.service = Objects.requireNonNull(service, "service");
      return this;
    }

    /** @return the context, acting as the builder's principal */
    public StandaloneContext build() {
      return new StandaloneContext(principal, metadata, artifacts, json != null ? json : new ConfigCodec(),
          clock != null ? clock : Clock.systemUTC(), new Authorizer(policy != null ? policy : RolePolicy.defaults()),
          service);
    }
  }
}
