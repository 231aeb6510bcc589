package dev.modelkit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.security.RolePolicy;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditDraft;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneContextTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final Principal VIEWER = Principal.of("vic", "acme", Roles.BUSINESS_USER);
  private static final Principal SCIENTIST = Principal.of("ana", "acme", Roles.DATA_SCIENTIST);

  @Test
  void refusesWithTheRuntimesMessageNamingTheCallingOperation() {
    StandaloneContext ctx = StandaloneContext.builder(VIEWER).clock(CLOCK).build();
    ctx.require(Permission.READ);
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> ctx.require(Permission.TRAIN));
    assertTrue(e.getMessage().contains("User 'vic'"), e.getMessage());
    assertTrue(e.getMessage().contains("'train'"), e.getMessage());
    assertTrue(e.getMessage().contains("StandaloneContextTest.lambda$"), "names the caller: " + e.getMessage());
    assertTrue(e.getMessage().contains(Roles.DATA_SCIENTIST), "names a role that grants it: " + e.getMessage());
  }

  @Test
  void followsAGivenPolicy() {
    StandaloneContext ctx = StandaloneContext.builder(Principal.of("fay", "acme", "fraud_analyst"))
        .policy(RolePolicy.defaults().with("fraud_analyst", Set.of(Permission.READ))).build();
    ctx.require(Permission.READ);
    assertThrows(AccessDeniedException.class, () -> ctx.require(Permission.DEPLOY));
    assertThrows(AccessDeniedException.class, () -> StandaloneContext.builder(ctx.principal()).build()
        .require(Permission.READ), "the default policy has no fraud_analyst role");
  }

  @Test
  void aStoreThatWasNotGivenIsRefusedWithTheBuilderMethodThatSuppliesIt(@TempDir Path home) {
    StandaloneContext bare = StandaloneContext.builder(SCIENTIST).build();
    assertTrue(assertThrows(IllegalStateException.class, bare::metadata).getMessage().contains(".metadata(store)"));
    assertTrue(assertThrows(IllegalStateException.class, bare::artifacts).getMessage().contains(".artifacts(store)"));
    assertTrue(assertThrows(UnsupportedOperationException.class, bare::service).getMessage()
        .contains("ModelKit.builder()"));
    try (SqliteMetadataStore store = SqliteMetadataStore.open(home, CLOCK)) {
      assertSame(store, StandaloneContext.builder(SCIENTIST).metadata(store).build().metadata());
    }
  }

  @Test
  void anotherCallerSharesTheStoresAndAuditsUnderTheirOwnName(@TempDir Path home) {
    try (SqliteMetadataStore store = SqliteMetadataStore.open(home, CLOCK)) {
      StandaloneContext ana = StandaloneContext.builder(SCIENTIST).metadata(store).clock(CLOCK).build();
      StandaloneContext vic = ana.as(VIEWER);
      assertSame(store, vic.metadata());
      assertSame(ana.json(), vic.json());
      assertEquals(VIEWER, vic.principal());
      assertThrows(AccessDeniedException.class, () -> vic.require(Permission.TRAIN));
      ana.require(Permission.TRAIN);
      AuditDraft d = vic.audit("kb.search", "knowledge_base", "kb-1", null, null, "why");
      assertEquals("vic", d.principal());
      assertEquals("acme", d.organizationId());
      assertEquals(CLOCK.instant(), d.time());
    }
  }
}
