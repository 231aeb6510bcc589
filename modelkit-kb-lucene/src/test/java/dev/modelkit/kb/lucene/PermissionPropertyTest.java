package dev.modelkit.kb.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.knowledge.DocumentMetadata;
import dev.modelkit.knowledge.DocumentSummary;
import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchMode;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: for random documents (classification, allowed roles and users), random callers (user,
 * roles) and random queries in every mode, no hit is of a document the caller may not read, and a
 * search for k returns exactly min(k, readable matching chunks) hits. The oracle is written here,
 * independently of the store's policy: a caller may read a document if listed as a user, or if
 * cleared for its classification (data_scientist up to confidential, administrator everything,
 * others internal) and holding one of its roles when it lists any.
 */
class PermissionPropertyTest {

  @TempDir Path home;

  private static final List<String> LEVELS = List.of("public", "internal", "confidential", "restricted");
  private static final List<String> EXTRA_ROLES = List.of("fraud_analyst", "treasury", "audit");
  private static final List<String> USERS = List.of("u1", "u2", "u3", "u4", "u5");
  private static final List<String> TOPICS = List.of("sanction", "liquidity", "collateral", "mortgage", "derivative",
      "custody", "remittance", "kyc", "chargeback", "escrow");
  private static final String ORG = "prop-bank";

  private record Doc(String id, String classification, Set<String> roles, Set<String> users, Set<String> topics) {}

  @Test
  void noForbiddenChunkAndKHitsWheneverKReadableMatchesExist() {
    SplittableRandom random = new SplittableRandom(20261126L);
    Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    List<Doc> docs = new ArrayList<>();
    List<KnowledgeDocument> knowledge = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      // about a third of the documents repeat another's text word for word (one topic each), so
      // that readable and forbidden chunks share one vector in the graph (docs/decisions/0086)
      boolean shared = random.nextDouble() < 0.35;
      Set<String> topics = shared ? Set.of(TOPICS.get(random.nextInt(TOPICS.size()))) : pick(random, TOPICS, 0.3);
      Doc d = new Doc("doc-" + i, LEVELS.get(random.nextInt(LEVELS.size())), pick(random, EXTRA_ROLES, 0.25),
          random.nextDouble() < 0.3 ? pick(random, USERS, 0.3) : Set.of(), topics);
      docs.add(d);
      StringBuilder text = new StringBuilder(shared ? "A record of the operations desk."
          : "Record " + i + " of the operations desk.");
      for (String t : d.topics()) {
        text.append(" The ").append(t).append(" file was updated.");
      }
      knowledge.add(new KnowledgeDocument(d.id(), "Record " + i, text.toString(), DocumentType.CASE_STUDY, "ops", null,
          new DocumentMetadata(null, null, null, null, d.classification(), List.copyOf(d.roles()), List.copyOf(d.users()), null),
          null, null, null));
    }
    assertTrue(knowledge.stream().map(KnowledgeDocument::content).distinct().count() < 70, "texts must repeat");
    try (Fixture f = new Fixture(home, clock)) {
      KnowledgeBase kb = f.as(Principal.of("admin", ORG, Roles.ADMINISTRATOR)).create(ORG, "Operations records", knowledge);
      Map<String, Integer> chunks = new HashMap<>();
      // the policy binds administrators too; one holding every role reads every document
      Principal all = Principal.of("auditor", ORG, Roles.ADMINISTRATOR, "fraud_analyst", "treasury", "audit");
      for (DocumentSummary s : f.as(all).documents(kb.id(), 0, 1000)) {
        chunks.put(s.id(), s.chunkCount());
      }
      assertEquals(80, chunks.size());
      int checked = 0;
      for (int q = 0; q < 150; q++) {
        Principal caller = caller(random);
        KnowledgeBases view = f.as(caller);
        Set<String> readable = new HashSet<>();
        for (Doc d : docs) {
          if (mayRead(caller, d)) {
            readable.add(d.id());
          }
        }
        Set<String> topics = pick(random, TOPICS, 0.2);
        if (topics.isEmpty()) {
          topics = Set.of(TOPICS.get(random.nextInt(TOPICS.size())));
        }
        SearchMode mode = SearchMode.values()[random.nextInt(3)];
        int k = 1 + random.nextInt(20);
        List<SearchHit> hits = view.search(kb.id(), SearchRequest.of(String.join(" ", topics), k, mode));
        int matching = 0;
        for (Doc d : docs) {
          boolean matches = mode != SearchMode.LEXICAL || d.topics().stream().anyMatch(topics::contains);
          if (readable.contains(d.id()) && matches) {
            matching += chunks.get(d.id());
          }
        }
        for (SearchHit h : hits) {
          assertTrue(readable.contains(h.documentId()), caller + " saw " + h.documentId() + " in " + mode);
        }
        assertEquals(Math.min(k, matching), hits.size(), caller + " " + mode + " k=" + k + " topics=" + topics);
        assertEquals(readable.size(), view.statistics(kb.id()).documentCount(), caller.toString());
        checked++;
      }
      assertEquals(150, checked);
    }
  }

  /**
   * BM25 weighs terms by corpus statistics; computed over the whole index they would let a caller
   * detect forbidden documents by watching scores move. Here the same readable documents are
   * searched with and without forbidden documents full of the query's terms: the caller's
   * lexical and hybrid rankings and scores must be identical.
   */
  @Test
  void scoresDoNotRevealForbiddenDocuments() {
    Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    List<KnowledgeDocument> open = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      open.add(new KnowledgeDocument("open-" + i, "Open " + i, "Escrow account " + i + " review. "
          + (i % 3 == 0 ? "Chargeback dispute noted. " : "") + "Remittance batch " + i + " settled.",
          DocumentType.POLICY, "ops", null, null, null, null, null));
    }
    List<KnowledgeDocument> withSecrets = new ArrayList<>(open);
    for (int i = 0; i < 30; i++) {
      withSecrets.add(new KnowledgeDocument("secret-" + i, "Secret " + i,
          "Chargeback chargeback chargeback escrow fraud ring " + i + ". Chargeback escalation.", DocumentType.POLICY, "ops",
          null, new DocumentMetadata(null, null, null, null, "restricted", List.of(), List.of(), null), null, null, null));
    }
    Principal reader = Principal.of("u1", ORG, Roles.BUSINESS_USER);
    Principal admin = Principal.of("admin", ORG, Roles.ADMINISTRATOR);
    List<List<SearchHit>> runs = new ArrayList<>();
    for (List<KnowledgeDocument> corpus : List.of(open, withSecrets)) {
      try (Fixture f = new Fixture(home.resolve("run-" + runs.size()), clock)) {
        KnowledgeBase kb = f.as(admin).create(ORG, "Operations", corpus);
        List<SearchHit> all = new ArrayList<>();
        for (SearchMode mode : List.of(SearchMode.LEXICAL, SearchMode.HYBRID)) {
          all.addAll(f.as(reader).search(kb.id(), SearchRequest.of("chargeback escrow dispute", 8, mode)));
        }
        runs.add(all);
      }
    }
    assertEquals(runs.get(0), runs.get(1));
  }

  private static Principal caller(SplittableRandom random) {
    Set<String> roles = new HashSet<>(pick(random, EXTRA_ROLES, 0.35));
    double r = random.nextDouble();
    roles.add(r < 0.6 ? Roles.BUSINESS_USER : r < 0.9 ? Roles.DATA_SCIENTIST : Roles.ADMINISTRATOR);
    return new Principal(USERS.get(random.nextInt(USERS.size())), ORG, roles);
  }

  private static boolean mayRead(Principal p, Doc d) {
    if (d.users().contains(p.userId())) {
      return true;
    }
    int clearance = p.roles().contains(Roles.ADMINISTRATOR) ? 3 : p.roles().contains(Roles.DATA_SCIENTIST) ? 2 : 1;
    if (LEVELS.indexOf(d.classification()) > clearance) {
      return false;
    }
    return d.roles().isEmpty() || d.roles().stream().anyMatch(p.roles()::contains);
  }

  private static Set<String> pick(SplittableRandom random, List<String> from, double p) {
    Set<String> out = new HashSet<>();
    for (String s : from) {
      if (random.nextDouble() < p) {
        out.add(s);
      }
    }
    return out;
  }
}
