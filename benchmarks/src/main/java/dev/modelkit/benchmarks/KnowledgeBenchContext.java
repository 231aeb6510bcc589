package dev.modelkit.benchmarks;

import dev.modelkit.core.StandaloneContext;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.security.RolePolicy;
import dev.modelkit.spi.MetadataStore;
import java.time.Clock;
import java.util.Set;

/**
 * The caller context the knowledge benchmarks run the store with: the seed's role policy plus a
 * read-only {@code fraud_analyst} role, real stores.
 */
final class KnowledgeBenchContext {
  private static final RolePolicy ROLES = RolePolicy.defaults().with("fraud_analyst", Set.of(Permission.READ));

  private KnowledgeBenchContext() {}

  static StandaloneContext of(Principal principal, MetadataStore metadata, Clock clock) {
    return StandaloneContext.builder(principal).metadata(metadata).clock(clock).policy(ROLES).build();
  }
}
