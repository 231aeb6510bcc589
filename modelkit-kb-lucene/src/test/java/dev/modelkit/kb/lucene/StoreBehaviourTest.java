package dev.modelkit.kb.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.InvalidStateException;
import dev.modelkit.KnowledgeBases;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.kb.lucene.internal.IndexedKnowledgeBase;
import dev.modelkit.knowledge.DocumentSummary;
import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.ReviewStatus;
import dev.modelkit.knowledge.SearchMode;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.spi.KnowledgeStore;
import dev.modelkit.spi.KnowledgeStoreProvider;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ProviderContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreBehaviourTest {

  @TempDir Path home;
  private static final Principal ALICE = Principal.of("alice", "acme", Roles.DATA_SCIENTIST);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);

  private static KnowledgeDocument doc(String id, String text, ReviewStatus status) {
    return new KnowledgeDocument(id, null, text, DocumentType.POLICY, null, null, null, null, null, status);
  }

  @Test
  void documentsUnderTheMinimumScoreOrRejectedAreHeldBackFromSearch() {
    KnowledgeSettings strict = KnowledgeSettings.builder().minQualityScore(0.7).build();
    try (Fixture f = new Fixture(home, CLOCK, strict)) {
      KnowledgeBases kbs = f.as(ALICE);
      KnowledgeBase kb = kbs.create("acme", "Payments policy", List.of());
      String rich = "Payments above the limit need two approvals from the treasury desk. ".repeat(30);
      KnowledgeDocument good = new KnowledgeDocument("good", "Payment approvals", rich, DocumentType.POLICY, "payments",
          List.of("approvals"), new dev.modelkit.knowledge.DocumentMetadata("Treasury", "Finance", CLOCK.instant(), "3",
          "internal", null, null, null), null, CLOCK.instant(), ReviewStatus.APPROVED);
      IngestReport r = kbs.addDocuments(kb.id(), List.of(good, doc("stub", "Payments TBD.", ReviewStatus.DRAFT),
          doc("rejected", rich, ReviewStatus.REJECTED)));
      assertEquals(List.of("good", "stub", "rejected"), r.ingested());
      assertEquals(List.of("stub", "rejected"), r.heldBack());
      assertEquals(java.util.Set.of("good"), kbs.search(kb.id(), SearchRequest.of("payments approvals", 10)).stream()
          .map(h -> h.documentId()).collect(java.util.stream.Collectors.toSet()));
      assertEquals(2, kbs.qualityMetrics(kb.id()).heldBack());
      assertTrue(kbs.documents(kb.id(), 0, 10).stream().filter(DocumentSummary::heldBack).count() == 2);
      assertTrue(kbs.document(kb.id(), "good").quality().score() >= 0.7);
    }
  }

  @Test
  void aBaseEmbeddedByAnotherModelMustBeReindexedBeforeVectorSearch() {
    AtomicInteger calls = new AtomicInteger();
    Path h = home.resolve("h");
    String kbId;
    try (Fixture f = new Fixture(h, CLOCK, KnowledgeSettings.defaults(), null, EmbeddingTest.fake(calls))) {
      KnowledgeBase kb = f.as(ALICE).create("acme", "Old model", List.of(doc("a", "Liquidity buffers in Lisbon.", null),
          doc("b", "Collateral rules.", null)));
      kbId = kb.id();
      assertEquals("fake", kb.embeddingModel());
    }
    try (Fixture f = new Fixture(h, CLOCK)) {
      KnowledgeBases kbs = f.as(ALICE);
      assertThrows(InvalidStateException.class, () -> kbs.search(kbId, SearchRequest.of("liquidity", 3)));
      assertEquals("a", kbs.search(kbId, SearchRequest.of("Lisbon", 3, SearchMode.LEXICAL)).get(0).documentId());
      IngestReport r = kbs.reindex(kbId);
      assertEquals(List.of("a", "b"), r.ingested());
      KnowledgeBase after = kbs.get(kbId);
      assertEquals("all-minilm-l6-v2-q", after.embeddingModel());
      assertEquals(384, after.dimensions());
      assertEquals("a", kbs.search(kbId, SearchRequest.of("liquidity buffers", 1, SearchMode.VECTOR)).get(0).documentId());
      assertTrue(kbs.document(kbId, "a").quality().relevance() >= 0);
    }
  }

  @Test
  void aRecordBehindItsIndexIsReconciledWithAnAuditEvent() {
    String kbId;
    try (Fixture f = new Fixture(home, CLOCK)) {
      KnowledgeBase kb = f.as(ALICE).create("acme", "Reconcile", List.of(doc("a", "First document.", null)));
      kbId = kb.id();
      // a write that reached the index but not the record, as when the process stops in between
      IndexedKnowledgeBase index = f.store.open("acme", kbId, kb.name());
      index.ingest(List.of(new IndexedKnowledgeBase.Given(doc("b", "Second document.", null))), java.util.Set.of());
    }
    try (Fixture f = new Fixture(home, CLOCK)) {
      KnowledgeBase kb = f.as(ALICE).get(kbId);
      assertEquals(2, kb.documentCount());
      List<AuditRecord> audit = f.metadata.queryAudit(new AuditQuery("acme", null, null, null, null, null, 0, 100));
      AuditRecord last = audit.get(audit.size() - 1);
      assertEquals("knowledge_base.reconciled", last.draft().action());
      assertTrue(last.draft().reason().contains("ingested 1 documents"), last.draft().reason());
      assertEquals(2, new ConfigCodec().fromJson(last.draft().after(), KnowledgeBase.class).indexVersion());
    }
  }

  @Test
  void deletingAKnowledgeBaseRemovesItsIndexDirectory() {
    try (Fixture f = new Fixture(home, CLOCK)) {
      KnowledgeBase kb = f.as(ALICE).create("acme", "Temporary", List.of(doc("a", "Text.", null)));
      Path dir = f.store.directory("acme", kb.id());
      assertTrue(Files.isDirectory(dir));
      assertTrue(f.as(ALICE).delete(kb.id()));
      assertFalse(Files.exists(dir));
    }
  }

  @Test
  void theProviderIsFoundByNameAndReadsItsSettings() {
    KnowledgeStoreProvider provider = ServiceLoader.load(KnowledgeStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("lucene")).findFirst().orElseThrow();
    assertEquals(0, provider.rank());
    try (SqliteMetadataStore metadata = SqliteMetadataStore.open(home, CLOCK)) {
      ProviderContext ctx = context(Map.of("modelkit.knowledge.chunkTokens", "64",
          "modelkit.knowledge.embeddingCacheDirectory", Fixture.EMBEDDING_CACHE.toString()), metadata);
      KnowledgeStore store = provider.create(ctx);
      try {
        KnowledgeBases kbs = store.knowledgeBases(
            StandaloneContext.builder(ALICE).metadata(metadata).clock(CLOCK).build());
        KnowledgeBase kb = kbs.create("acme", "Via provider", List.of(doc("a", "Settlement in Helsinki.", null)));
        assertEquals("a", kbs.search(kb.id(), SearchRequest.of("Helsinki", 1)).get(0).documentId());
        assertTrue(Files.isDirectory(home.resolve("knowledge").resolve("acme").resolve(kb.id())));
      } finally {
        ((AutoCloseable) store).close();
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    ConfigurationException bad = assertThrows(ConfigurationException.class, () -> KnowledgeSettings.fromSettings(Map.of(
        "modelkit.knowledge.chunkTokens", "many", "modelkit.knowledge.parseTimeout", "2 minutes",
        "modelkit.knowledge.clearance.auditor", "secret", "modelkit.knowledge.colour", "blue")));
    for (String expected : List.of("chunkTokens", "parseTimeout", "clearances.auditor", "colour")) {
      assertTrue(bad.getMessage().contains(expected), bad.getMessage());
    }
  }

  private ProviderContext context(Map<String, String> settings, MetadataStore metadata) {
    return new ProviderContext() {
      @Override
      public Path home() {
        return home;
      }

      @Override
      public Clock clock() {
        return CLOCK;
      }

      @Override
      public Map<String, String> settings() {
        return settings;
      }

      @Override
      public Optional<MetadataStore> metadataStore() {
        return Optional.of(metadata);
      }

      @Override
      public Optional<ArtifactStore> artifactStore() {
        return Optional.empty();
      }
    };
  }
}
