package dev.modelkit.core.internal;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.governance.Authorizer;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import java.time.Clock;
import java.util.Objects;

/**
 * The {@link ServiceContext} of one principal: what the runtime hands every area view it builds
 * for that caller.
 */
final class BoundServiceContext implements ServiceContext {
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private final Principal principal;
  private final RuntimeServices runtime;
  private final CustomModelTrainingService service;

  BoundServiceContext(Principal principal, RuntimeServices runtime, CustomModelTrainingService service) {
    this.principal = Objects.requireNonNull(principal, "principal");
    this.runtime = runtime;
    this.service = service;
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public void require(Permission permission) {
    require(permission, operationName());
  }

  void require(Permission permission, String operation) {
    runtime.authorizer().require(principal, permission, operation);
  }

  boolean allows(Permission permission) {
    return runtime.authorizer().policy().allows(principal, permission);
  }

  void requireOwnOrganisation(String organizationId, String operation) {
    runtime.authorizer().requireOwnOrganisation(principal, organizationId, operation);
  }

  /** Names the operation for a check made outside any service call, from the calling method. */
  private static String operationName() {
    String current = CurrentOperation.name();
    if (current != null) {
      return current;
    }
    return WALKER.walk(frames -> frames
        .filter(f -> f.getDeclaringClass() != BoundServiceContext.class)
        .findFirst()
        .map(f -> f.getDeclaringClass().getSimpleName() + "." + f.getMethodName())
        .orElse("an operation"));
  }

  @Override
  public MetadataStore metadata() {
    return runtime.metadata();
  }

  @Override
  public ArtifactStore artifacts() {
    return runtime.artifacts();
  }

  @Override
  public JsonCodec json() {
    return runtime.json();
  }

  @Override
  public Clock clock() {
    return runtime.clock();
  }

  @Override
  public AuditDraft audit(String action, String entityKind, String entityId, String before, String after,
      String reason) {
    return new AuditDraft(principal.organizationId(), principal.userId(), action, entityKind, entityId, before,
        after, reason, runtime.clock().instant());
  }

  @Override
  public CustomModelTrainingService service() {
    return service;
  }
}
