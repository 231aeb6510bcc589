package dev.modelkit.core.monitoring;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.ModelRegistry;
import dev.modelkit.NotFoundException;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.security.RolePolicy;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ServiceContext} for monitoring tests: the default role policy, a real metadata store
 * and codec, and a model registry that knows only the versions a test adds with {@link
 * #registerModel}.
 */
public final class TestContext implements ServiceContext {
  private final Principal principal;
  private final MetadataStore metadata;
  private final JsonCodec json;
  private final Clock clock;
  private final Set<String> models;

  private TestContext(Principal principal, MetadataStore metadata, JsonCodec json, Clock clock, Set<String> models) {
    this.principal = principal;
    this.metadata = metadata;
    this.json = json;
    this.clock = clock;
    this.models = models;
  }

  /**
   * @param principal the caller
   * @param metadata the store
   * @param json the codec
   * @param clock the clock
   * @return a context with an empty model registry
   */
  public static TestContext of(Principal principal, MetadataStore metadata, JsonCodec json, Clock clock) {
    return new TestContext(principal, metadata, json, clock, ConcurrentHashMap.newKeySet());
  }

  /**
   * @param other another caller
   * @return a context for them sharing this one's store and model registry
   */
  public TestContext as(Principal other) {
    return new TestContext(other, metadata, json, clock, models);
  }

  /**
   * @param modelId a model
   * @param version a version the registry now knows (in every organisation of this context)
   */
  public void registerModel(String modelId, String version) {
    models.add(principal.organizationId() + "/" + modelId + "/" + version);
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public void require(Permission permission) {
    if (!RolePolicy.defaults().allows(principal, permission)) {
      throw new AccessDeniedException(principal.userId() + " (roles " + principal.roles() + ") lacks permission "
          + permission.wireName());
    }
  }

  @Override
  public MetadataStore metadata() {
    return metadata;
  }

  @Override
  public ArtifactStore artifacts() {
    throw new UnsupportedOperationException("monitoring tests have no artifact store");
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
    ModelRegistry registry = (ModelRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ModelRegistry.class}, (proxy, method, args) -> {
          if (method.getName().equals("get")) {
            String key = principal.organizationId() + "/" + args[0] + "/" + args[1];
            if (!models.contains(key)) {
              throw new NotFoundException("no model version " + args[0] + "/" + args[1]);
            }
            return new ModelVersion((String) args[0], (String) args[1], principal.organizationId(), "test",
                LifecycleStage.PRODUCTION, Map.of(), Map.of(), null, null, null, principal.userId(), clock.instant(),
                null);
          }
          throw new UnsupportedOperationException(method.getName() + " is not part of the monitoring test registry");
        });
    return (CustomModelTrainingService) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {CustomModelTrainingService.class}, (proxy, method, args) -> {
          if (method.getName().equals("models")) {
            return registry;
          }
          if (method.getName().equals("principal")) {
            return principal;
          }
          throw new UnsupportedOperationException(method.getName() + " is not part of the monitoring test service");
        });
  }
}
