package dev.modelkit.benchmarks;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.security.RolePolicy;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import java.time.Clock;

/** The caller context the knowledge benchmarks run the store with: the seed's role policy, real stores. */
final class KnowledgeBenchContext implements ServiceContext {
  private static final JsonCodec CODEC = new ConfigCodec();
  private final Principal principal;
  private final MetadataStore metadata;
  private final Clock clock;
  private final RolePolicy roles = RolePolicy.defaults().with("fraud_analyst", java.util.Set.of(Permission.READ));

  KnowledgeBenchContext(Principal principal, MetadataStore metadata, Clock clock) {
    this.principal = principal;
    this.metadata = metadata;
    this.clock = clock;
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public void require(Permission permission) {
    if (!roles.allows(principal, permission)) {
      throw new AccessDeniedException(principal.userId() + " lacks " + permission.wireName());
    }
  }

  @Override
  public MetadataStore metadata() {
    return metadata;
  }

  @Override
  public ArtifactStore artifacts() {
    throw new UnsupportedOperationException("not used by the knowledge benchmarks");
  }

  @Override
  public JsonCodec json() {
    return CODEC;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public AuditDraft audit(String action, String entityKind, String entityId, String before, String after, String reason) {
    return new AuditDraft(principal.organizationId(), principal.userId(), action, entityKind, entityId, before, after,
        reason, clock.instant());
  }

  @Override
  public CustomModelTrainingService service() {
    throw new UnsupportedOperationException("not used by the knowledge benchmarks");
  }
}
