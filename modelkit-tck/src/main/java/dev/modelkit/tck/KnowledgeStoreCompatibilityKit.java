package dev.modelkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.KnowledgeBases;
import dev.modelkit.NotFoundException;
import dev.modelkit.knowledge.DocumentMetadata;
import dev.modelkit.knowledge.DocumentQuality;
import dev.modelkit.knowledge.DocumentSummary;
import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.IngestOptions;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.QualityMetrics;
import dev.modelkit.knowledge.ReviewStatus;
import dev.modelkit.knowledge.SearchFilters;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchMode;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of a knowledge store, as tests every implementation extends: knowledge base
 * lifecycle and organisation scoping, permissions, document changes, file ingestion with per-file
 * errors, the three search modes with filters and highlights, per-document access control (also
 * in counts and listings), durability across a restart, and quality scoring.
 *
 * <p>Subclass it, implement {@link #openStore} and run it with JUnit 5:
 *
 * <pre>{@code
 * class MyKnowledgeStoreTest extends KnowledgeStoreCompatibilityKit {
 *   protected Store openStore(Path dir, Clock clock) { ... }
 * }
 * }</pre>
 *
 * <p>Callers' permissions must follow {@code RolePolicy.defaults()}: {@code data_scientist} may
 * manage knowledge and read, {@code business_user} may only read, a role the policy does not know
 * grants nothing. Documents classified {@code public} or {@code internal} without allowed roles
 * must be readable by every member of the organisation; a {@code confidential} document must be
 * readable by the users it lists and not by a business user it does not list. Test data comes
 * from fixed seeds and the clock only moves when a test moves it.
 */
public abstract class KnowledgeStoreCompatibilityKit {

  /** The time the kit's clock shows at the start of each test. */
  protected static final Instant START = Instant.parse("2026-01-15T09:00:00Z");

  /** The organisation of the kit's callers. */
  protected static final String ORG = "acme-bank";
  /** Manages and reads knowledge. */
  protected static final Principal ALICE = Principal.of("alice", ORG, Roles.DATA_SCIENTIST);
  /** May only read. */
  protected static final Principal BOB = Principal.of("bob", ORG, Roles.BUSINESS_USER);
  /** May read, and holds the extra role {@code risk_analyst}. */
  protected static final Principal CAROL = Principal.of("carol", ORG, Roles.BUSINESS_USER, "risk_analyst");
  /** May do nothing. */
  protected static final Principal VISITOR = Principal.of("victor", ORG, "visitor");
  /** Manages knowledge in another organisation. */
  protected static final Principal EVE = Principal.of("eve", "globex-insurance", Roles.DATA_SCIENTIST);

  /** A running store whose knowledge base views are bound to given callers. */
  public interface Store extends AutoCloseable {
    /**
     * @param caller the caller
     * @return the knowledge bases as that caller
     */
    KnowledgeBases as(Principal caller);

    @Override
    void close();
  }

  /** An empty directory for this test's store, kept until the test ends. */
  @TempDir protected Path dir;

  /** The clock the store must take its timestamps (and document freshness) from. */
  protected final ManualClock clock = new ManualClock(START);

  /** The store under test, opened before each test and closed after it. */
  protected Store store;

  /**
   * Opens the implementation under test.
   *
   * @param dir the directory it keeps its data in; the same directory means the same data
   * @param clock the clock
   * @return an open store
   */
  protected abstract Store openStore(Path dir, Clock clock);

  @BeforeEach
  void openUnderTest() {
    store = openStore(dir, clock);
  }

  @AfterEach
  void closeUnderTest() {
    if (store != null) {
      store.close();
    }
  }

  /** Closes the store and opens it again on the same directory, as after a restart. */
  protected void reopen() {
    store.close();
    store = null;
    store = openStore(dir, clock);
  }

  // ------------------------------------------------------------------ test data

  private static final String[] WORDS = ("risk control audit ledger payment customer account review policy limit"
      + " exposure capital liquidity report breach incident escalation approval committee mandate threshold model"
      + " validation monitoring reconciliation settlement counterparty collateral margin credit market operational")
      .split(" ");

  /** Deterministic filler text: sentences of domain words from a seeded generator. */
  protected static String filler(long seed, int sentences) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    for (int s = 0; s < sentences; s++) {
      int n = 8 + r.nextInt(8);
      for (int w = 0; w < n; w++) {
        String word = WORDS[r.nextInt(WORDS.length)];
        sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word).append(w + 1 < n ? " " : ". ");
      }
    }
    return sb.toString().strip();
  }

  /** A policy document open to the whole organisation. */
  protected static KnowledgeDocument doc(String id, String content) {
    return new KnowledgeDocument(id, "Title of " + id, content, DocumentType.POLICY, "operations", List.of("core"),
        new DocumentMetadata("Risk Team", "Risk", START.minus(Duration.ofDays(30)), "1.0", "internal", null, null, null),
        null, START.minus(Duration.ofDays(10)), ReviewStatus.APPROVED);
  }

  /** A document with the given classification and allowed readers. */
  protected static KnowledgeDocument restricted(String id, String content, String classification, List<String> roles,
      List<String> users) {
    return new KnowledgeDocument(id, "Title of " + id, content, DocumentType.PROCEDURE, "restricted", List.of("secret"),
        new DocumentMetadata("Security", "Security", START, "1.0", classification, roles, users, null),
        null, null, ReviewStatus.APPROVED);
  }

  private KnowledgeBase newBase(KnowledgeDocument... docs) {
    return store.as(ALICE).create(ORG, "Risk policies", List.of(docs));
  }

  private static Set<String> ids(List<SearchHit> hits) {
    Set<String> out = new HashSet<>();
    for (SearchHit h : hits) {
      out.add(h.documentId());
    }
    return out;
  }

  // ------------------------------------------------------------------ features

  @Nested
  @DisplayName("knowledge bases")
  class KnowledgeBaseLifecycle {

    @Test
    @DisplayName("are created with their documents, listed and read back")
    void createGetList() {
      KnowledgeBase kb = newBase(doc("a", filler(1, 6)), doc("b", filler(2, 6)));
      assertEquals(ORG, kb.organizationId());
      assertEquals(2, kb.documentCount());
      assertTrue(kb.chunkCount() >= 2);
      assertEquals(kb.id(), store.as(BOB).get(kb.id()).id());
      assertTrue(store.as(BOB).list().stream().anyMatch(k -> k.id().equals(kb.id())));
    }

    @Test
    @DisplayName("of another organisation do not exist for the caller")
    void otherOrganisationSeesNothing() {
      KnowledgeBase kb = newBase(doc("a", filler(3, 4)));
      KnowledgeBases eve = store.as(EVE);
      assertThrows(NotFoundException.class, () -> eve.get(kb.id()));
      assertThrows(NotFoundException.class, () -> eve.search(kb.id(), SearchRequest.of("risk", 3)));
      assertThrows(NotFoundException.class, () -> eve.addDocuments(kb.id(), List.of(doc("x", filler(4, 3)))));
      assertTrue(eve.list().isEmpty());
      assertFalse(eve.delete(kb.id()));
      assertEquals(1, store.as(ALICE).get(kb.id()).documentCount());
    }

    @Test
    @DisplayName("cannot be created in another organisation")
    void createInOtherOrganisationIsDenied() {
      assertThrows(AccessDeniedException.class,
          () -> store.as(ALICE).create("globex-insurance", "Theirs", List.of()));
    }

    @Test
    @DisplayName("check the caller's permissions")
    void permissions() {
      KnowledgeBase kb = newBase(doc("a", filler(5, 4)));
      assertThrows(AccessDeniedException.class, () -> store.as(BOB).create(ORG, "Mine", List.of()));
      assertThrows(AccessDeniedException.class, () -> store.as(BOB).addDocuments(kb.id(), List.of(doc("b", filler(6, 3)))));
      assertThrows(AccessDeniedException.class, () -> store.as(BOB).deleteDocument(kb.id(), "a"));
      assertThrows(AccessDeniedException.class, () -> store.as(VISITOR).search(kb.id(), SearchRequest.of("risk", 3)));
      assertThrows(AccessDeniedException.class, () -> store.as(VISITOR).get(kb.id()));
    }

    @Test
    @DisplayName("are deleted with their documents")
    void delete() {
      KnowledgeBase kb = newBase(doc("a", filler(7, 4)));
      assertTrue(store.as(ALICE).delete(kb.id()));
      assertThrows(NotFoundException.class, () -> store.as(ALICE).get(kb.id()));
      assertFalse(store.as(ALICE).delete(kb.id()));
    }
  }

  @Nested
  @DisplayName("documents")
  class Documents {

    @Test
    @DisplayName("are added, found, replaced and deleted, each change raising the version")
    void lifecycle() {
      KnowledgeBase kb = newBase();
      KnowledgeBases alice = store.as(ALICE);
      IngestReport added = alice.addDocuments(kb.id(), List.of(doc("memo", filler(8, 4) + " Quetzalcoatl oversight.")));
      assertEquals(List.of("memo"), added.ingested());
      assertTrue(ids(alice.search(kb.id(), SearchRequest.of("Quetzalcoatl", 5, SearchMode.LEXICAL))).contains("memo"));

      IngestReport updated = alice.updateDocument(kb.id(), doc("memo", filler(9, 4) + " Xiuhtecuhtli oversight."));
      assertTrue(updated.indexVersion() > added.indexVersion());
      assertFalse(ids(alice.search(kb.id(), SearchRequest.of("Quetzalcoatl", 5, SearchMode.LEXICAL))).contains("memo"));
      assertTrue(ids(alice.search(kb.id(), SearchRequest.of("Xiuhtecuhtli", 5, SearchMode.LEXICAL))).contains("memo"));
      assertTrue(alice.document(kb.id(), "memo").content().contains("Xiuhtecuhtli"));

      assertTrue(alice.deleteDocument(kb.id(), "memo"));
      assertFalse(alice.deleteDocument(kb.id(), "memo"));
      assertTrue(alice.search(kb.id(), SearchRequest.of("Xiuhtecuhtli", 5, SearchMode.LEXICAL)).isEmpty());
      assertTrue(alice.get(kb.id()).indexVersion() > updated.indexVersion());
    }

    @Test
    @DisplayName("that do not exist cannot be updated")
    void updateOfMissingDocument() {
      KnowledgeBase kb = newBase();
      assertThrows(NotFoundException.class, () -> store.as(ALICE).updateDocument(kb.id(), doc("ghost", filler(10, 3))));
    }

    @Test
    @DisplayName("that are bad are reported while the others are stored")
    void badDocumentInBatch() {
      KnowledgeBase kb = newBase();
      IngestReport r = store.as(ALICE).addDocuments(kb.id(), List.of(doc("good", filler(11, 4)), doc("blank", "   \n ")));
      assertEquals(List.of("good"), r.ingested());
      assertTrue(r.failed().containsKey("blank"), r.failed().toString());
      assertEquals(1, store.as(ALICE).get(kb.id()).documentCount());
    }

    @Test
    @DisplayName("are listed by id without their content")
    void listing() {
      KnowledgeBase kb = newBase(doc("c", filler(12, 3)), doc("a", filler(13, 3)), doc("b", filler(14, 3)));
      List<DocumentSummary> all = store.as(BOB).documents(kb.id(), 0, 10);
      assertEquals(List.of("a", "b", "c"), all.stream().map(DocumentSummary::id).toList());
      assertEquals(List.of("b"), store.as(BOB).documents(kb.id(), 1, 1).stream().map(DocumentSummary::id).toList());
      assertTrue(all.get(0).chunkCount() >= 1);
    }
  }

  @Nested
  @DisplayName("files and streams")
  class Files_ {

    @Test
    @DisplayName("are parsed by detected format; bad ones are reported, the rest stored")
    void mixedBatch() throws IOException {
      KnowledgeBase kb = newBase();
      Path good = dir.resolve("limits.txt");
      Files.writeString(good, "# Limits\n\n" + filler(15, 5) + " Trade limits need Zanzibar approval.\n");
      Path fake = dir.resolve("fake.pdf");
      Files.writeString(fake, "this is plain text pretending to be a PDF");
      Path empty = dir.resolve("empty.txt");
      Files.write(empty, new byte[0]);
      Path missing = dir.resolve("missing.txt");
      IngestReport r = store.as(ALICE).ingestFiles(kb.id(), List.of(good, fake, empty, missing));
      assertEquals(List.of("limits.txt"), r.ingested());
      assertTrue(r.failed().keySet().containsAll(List.of("fake.pdf", "empty.txt", "missing.txt")), r.failed().toString());
      for (String reason : r.failed().values()) {
        assertFalse(reason.isBlank());
      }
      List<SearchHit> hits = store.as(BOB).search(kb.id(), SearchRequest.of("Zanzibar approval", 3, SearchMode.LEXICAL));
      assertEquals("limits.txt", hits.get(0).documentId());
      assertTrue(hits.get(0).section().contains("Limits"), hits.get(0).section());
    }

    @Test
    @DisplayName("in CSV become one document per row")
    void csvRows() {
      KnowledgeBase kb = newBase();
      String csv = "name,notes\nAcme,Pays late every quarter\nGlobex,Collateral in Ruritania\nInitech,No issues\n";
      IngestReport r = store.as(ALICE).ingest(kb.id(), "clients.csv",
          new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), IngestOptions.of(DocumentType.CASE_STUDY));
      assertEquals(3, r.ingested().size(), r.toString());
      for (String id : r.ingested()) {
        assertTrue(id.startsWith("clients.csv"), id);
      }
      List<SearchHit> hits = store.as(BOB).search(kb.id(), SearchRequest.of("Ruritania", 1, SearchMode.LEXICAL));
      assertTrue(hits.get(0).passage().contains("Ruritania"));
    }
  }

  @Nested
  @DisplayName("search")
  class Search {

    @Test
    @DisplayName("returns k hits in every mode when k chunks match, with highlighted passages")
    void kHitsEveryMode() {
      List<KnowledgeDocument> docs = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        docs.add(doc("d" + i, filler(100 + i, 3) + " Collateral haircut schedule " + i + "."));
      }
      KnowledgeBase kb = newBase(docs.toArray(new KnowledgeDocument[0]));
      for (SearchMode mode : SearchMode.values()) {
        List<SearchHit> hits = store.as(BOB).search(kb.id(), SearchRequest.of("collateral haircut schedule", 5, mode));
        assertEquals(5, hits.size(), mode.toString());
        for (SearchHit h : hits) {
          assertNotNull(h.title());
          assertFalse(h.passage().isBlank());
        }
      }
      List<SearchHit> lexical = store.as(BOB).search(kb.id(), SearchRequest.of("collateral haircut", 3, SearchMode.LEXICAL));
      assertTrue(lexical.get(0).passage().contains("<em>"), lexical.get(0).passage());
    }

    @Test
    @DisplayName("honours filters on type, category, tags, classification and dates")
    void filters() {
      KnowledgeDocument policy = doc("policy", filler(20, 3) + " Sanctions screening rules.");
      KnowledgeDocument procedure = new KnowledgeDocument("procedure", "Procedure", filler(21, 3)
          + " Sanctions screening steps.", DocumentType.PROCEDURE, "compliance", List.of("aml", "daily"),
          new DocumentMetadata(null, null, START.minus(Duration.ofDays(400)), null, "public", null, null, null),
          null, null, null);
      KnowledgeBase kb = newBase(policy, procedure);
      KnowledgeBases bob = store.as(BOB);
      SearchRequest q = SearchRequest.of("sanctions screening", 10);
      assertEquals(Set.of("procedure"), ids(bob.search(kb.id(), q.withFilters(SearchFilters.none().withTypes(DocumentType.PROCEDURE)))));
      assertEquals(Set.of("policy"), ids(bob.search(kb.id(), q.withFilters(SearchFilters.none().withCategories("operations")))));
      assertEquals(Set.of("procedure"), ids(bob.search(kb.id(), q.withFilters(SearchFilters.none().withTags("aml", "daily")))));
      assertTrue(bob.search(kb.id(), q.withFilters(SearchFilters.none().withTags("aml", "weekly"))).isEmpty());
      assertEquals(Set.of("procedure"), ids(bob.search(kb.id(), q.withFilters(SearchFilters.none().withClassifications("public")))));
      assertEquals(Set.of("policy"), ids(bob.search(kb.id(),
          q.withFilters(SearchFilters.none().withModified(START.minus(Duration.ofDays(90)), null)))));
    }
  }

  @Nested
  @DisplayName("access control")
  class AccessControl {

    @Test
    @DisplayName("hides a document from callers it does not allow: in search, reads, listings and counts")
    void restrictedDocument() {
      KnowledgeBase kb = newBase(doc("open", filler(30, 3) + " Whistleblower channel."),
          restricted("case", filler(31, 3) + " Whistleblower report about the treasurer.", "confidential",
              List.of(), List.of("carol")));
      KnowledgeBases bob = store.as(BOB);
      KnowledgeBases carol = store.as(CAROL);
      for (SearchMode mode : SearchMode.values()) {
        SearchRequest q = SearchRequest.of("whistleblower report treasurer", 10, mode);
        assertFalse(ids(bob.search(kb.id(), q)).contains("case"), mode.toString());
        assertTrue(ids(carol.search(kb.id(), q)).contains("case"), mode.toString());
      }
      assertThrows(NotFoundException.class, () -> bob.document(kb.id(), "case"));
      assertEquals("case", carol.document(kb.id(), "case").id());
      assertEquals(List.of("open"), bob.documents(kb.id(), 0, 10).stream().map(DocumentSummary::id).toList());
      assertEquals(1, bob.get(kb.id()).documentCount());
      assertEquals(2, carol.get(kb.id()).documentCount());
      assertEquals(1, bob.statistics(kb.id()).documentCount());
      assertEquals(1, bob.qualityMetrics(kb.id()).documentCount());
    }

    @Test
    @DisplayName("lets only the listed roles read a role-restricted document")
    void roleRestricted() {
      KnowledgeBase kb = newBase(restricted("limits", filler(32, 3) + " Desk limits for Valparaiso.", "internal",
          List.of("risk_analyst"), List.of()));
      SearchRequest q = SearchRequest.of("Valparaiso desk limits", 5, SearchMode.LEXICAL);
      assertTrue(store.as(BOB).search(kb.id(), q).isEmpty());
      assertEquals(Set.of("limits"), ids(store.as(CAROL).search(kb.id(), q)));
    }

    @Test
    @DisplayName("still returns k readable hits when many better matches are forbidden")
    void kHitsDespiteForbiddenMatches() {
      List<KnowledgeDocument> docs = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        docs.add(restricted("secret" + i, "Liquidity buffer breach. Liquidity buffer breach. " + filler(200 + i, 2),
            "confidential", List.of(), List.of("carol")));
      }
      for (int i = 0; i < 5; i++) {
        docs.add(doc("open" + i, filler(300 + i, 4) + " A liquidity buffer is kept."));
      }
      KnowledgeBase kb = newBase(docs.toArray(new KnowledgeDocument[0]));
      for (SearchMode mode : SearchMode.values()) {
        List<SearchHit> hits = store.as(BOB).search(kb.id(), SearchRequest.of("liquidity buffer breach", 5, mode));
        assertEquals(5, hits.size(), mode.toString());
        for (SearchHit h : hits) {
          assertTrue(h.documentId().startsWith("open"), mode + " leaked " + h.documentId());
        }
      }
    }
  }

  @Nested
  @DisplayName("durability")
  class Durability {

    @Test
    @DisplayName("keeps every stored document across a restart")
    void survivesReopen() {
      KnowledgeBase kb = newBase(doc("a", filler(40, 4) + " Kilimanjaro."), doc("b", filler(41, 4)));
      store.as(ALICE).addDocuments(kb.id(), List.of(doc("c", filler(42, 4))));
      reopen();
      KnowledgeBase again = store.as(BOB).get(kb.id());
      assertEquals(3, again.documentCount());
      assertTrue(ids(store.as(BOB).search(kb.id(), SearchRequest.of("Kilimanjaro", 3, SearchMode.LEXICAL))).contains("a"));
      assertTrue(ids(store.as(BOB).search(kb.id(), SearchRequest.of("Kilimanjaro", 3, SearchMode.HYBRID))).contains("a"));
    }
  }

  @Nested
  @DisplayName("quality")
  class Quality {

    @Test
    @DisplayName("scores every document between 0 and 1 and aggregates the scores")
    void scores() {
      KnowledgeBase kb = newBase(doc("a", filler(50, 20)), doc("b", "Short note."));
      for (DocumentSummary s : store.as(BOB).documents(kb.id(), 0, 10)) {
        DocumentQuality q = s.quality();
        for (double v : new double[] {q.score(), q.completeness(), q.accuracy(), q.relevance(), q.freshness()}) {
          assertTrue(v >= 0 && v <= 1, s.id() + " " + q);
        }
      }
      QualityMetrics m = store.as(BOB).qualityMetrics(kb.id());
      assertEquals(2, m.documentCount());
      assertTrue(m.averageScore() > 0 && m.averageScore() <= 1);
      DocumentQuality longDoc = store.as(BOB).document(kb.id(), "a").quality();
      DocumentQuality shortDoc = store.as(BOB).document(kb.id(), "b").quality();
      assertTrue(longDoc.completeness() > shortDoc.completeness(), longDoc + " vs " + shortDoc);
    }

    @Test
    @DisplayName("flags near duplicates")
    void nearDuplicates() {
      String text = filler(60, 30);
      KnowledgeBase kb = newBase(doc("original", text), doc("copy", text.replaceFirst("risk", "risks")),
          doc("other", filler(61, 30)));
      QualityMetrics m = store.as(BOB).qualityMetrics(kb.id());
      assertEquals(1, m.nearDuplicates(), m.toString());
      long flagged = store.as(BOB).documents(kb.id(), 0, 10).stream().filter(s -> s.nearDuplicateOf() != null).count();
      assertEquals(1, flagged);
    }
  }
}
