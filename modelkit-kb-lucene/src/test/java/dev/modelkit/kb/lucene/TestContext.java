package dev.modelkit.kb.lucene;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.security.RolePolicy;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import java.time.Clock;

/**
 * A {@link ServiceContext} for knowledge store tests: a caller, the seed's default role policy,
 * real stores and codec; the rest of the service is not available.
 */
final class TestContext implements ServiceContext {
  private final Principal principal;
  private final MetadataStore metadata;
  private final JsonCodec json;
  private final Clock clock;
  private final RolePolicy roles = RolePolicy.defaults();

  TestContext(Principal principal, MetadataStore metadata, JsonCodec json, Clock clock) {
    this.principal = principal;
    this.metadata = metadata;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public void require(Permission permission) {
    if (!roles.allows(principal, permission)) {
      throw new AccessDeniedException("User '" + principal.userId() + "' with roles " + principal.roles()
          + " lacks permission " + permission.wireName());
    }
  }

  @Override
  public MetadataStore metadata() {
    return metadata;
  }

  @Override
  public ArtifactStore artifacts() {
    throw new UnsupportedOperationException("knowledge store tests have no artifact store");
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
  public AuditDraft audit(String action, String entityKind, String entityId, String before, String after, String reason) {
    return new AuditDraft(principal.organizationId(), principal.userId(), action, entityKind, entityId, before, after,
        reason, clock.instant());
  }

  @Override
  public CustomModelTrainingService service() {
    throw new UnsupportedOperationException("knowledge store tests have no service");
  }
}
