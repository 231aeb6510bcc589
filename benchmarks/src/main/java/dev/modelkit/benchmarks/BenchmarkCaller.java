package dev.modelkit.benchmarks;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import java.time.Clock;

/** The monitoring benchmarks' caller: an administrator of one organisation, with no model registry. */
final class BenchmarkCaller implements ServiceContext {
  private final Principal principal = Principal.of("bench", "bench-org", Roles.ADMINISTRATOR);
  private final MetadataStore store;
  private final JsonCodec codec;
  private final Clock clock;

  BenchmarkCaller(MetadataStore store, JsonCodec codec, Clock clock) {
    this.store = store;
    this.codec = codec;
    this.clock = clock;
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public void require(Permission permission) {
    // an administrator holds every permission
  }

  @Override
  public MetadataStore metadata() {
    return store;
  }

  @Override
  public ArtifactStore artifacts() {
    throw new UnsupportedOperationException("the monitoring benchmarks have no artifact store");
  }

  @Override
  public JsonCodec json() {
    return codec;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public AuditDraft audit(String action, String kind, String id, String before, String after, String reason) {
    return new AuditDraft(principal.organizationId(), principal.userId(), action, kind, id, before, after, reason,
        clock.instant());
  }

  @Override
  public CustomModelTrainingService service() {
    throw new UnsupportedOperationException("the monitoring benchmarks record for versions with reference profiles only");
  }
}
