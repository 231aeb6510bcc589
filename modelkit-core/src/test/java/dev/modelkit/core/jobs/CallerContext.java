package dev.modelkit.core.jobs;

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

/** A {@link ServiceContext} for one caller with the default role policy, for unit tests. */
record CallerContext(Principal principal, MetadataStore metadata, ArtifactStore artifacts, JsonCodec json, Clock clock)
    implements ServiceContext {

  @Override
  public void require(Permission permission) {
    if (!RolePolicy.defaults().allows(principal, permission)) {
      throw new AccessDeniedException("User '" + principal.userId() + "' with roles " + principal.roles()
          + " lacks permission " + permission.wireName());
    }
  }

  @Override
  public AuditDraft audit(String action, String entityKind, String entityId, String before, String after, String reason) {
    return new AuditDraft(principal.organizationId(), principal.userId(), action, entityKind, entityId, before, after,
        reason, clock.instant());
  }

  @Override
  public CustomModelTrainingService service() {
    throw new UnsupportedOperationException("the job tests do not use the whole service");
  }
}
