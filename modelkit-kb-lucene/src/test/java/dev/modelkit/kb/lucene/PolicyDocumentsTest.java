package dev.modelkit.kb.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.kb.lucene.internal.MinHash;
import dev.modelkit.knowledge.DocumentSummary;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.KnowledgeBaseStatistics;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real policy documents of data/docs: every format parses, citations carry pages and sections, duplicates are found. */
class PolicyDocumentsTest {

  @TempDir Path home;

  @Test
  void policyDocumentsAreIngestedWithCitationsAndQuality() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("modelkit.data"), "docs"))) {
      files = s.sorted().toList();
    }
    Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    try (Fixture f = new Fixture(home, clock)) {
      KnowledgeBases kbs = f.as(Principal.of("alice", "acme", Roles.DATA_SCIENTIST));
      KnowledgeBase kb = kbs.create("acme", "Debian project policies and procedures", List.of());
      IngestReport r = kbs.ingestFiles(kb.id(), files);
      assertEquals(Map.of(), r.failed());
      assertEquals(files.size(), r.ingested().size());

      List<SearchHit> hits = kbs.search(kb.id(), SearchRequest.of("Which fields are mandatory in a debian/control file?", 5));
      SearchHit pdf = hits.stream().filter(h -> h.documentId().endsWith(".pdf")).findFirst().orElseThrow(
          () -> new AssertionError("no PDF hit in " + hits));
      assertTrue(pdf.page() > 0, pdf.toString());
      assertFalse(pdf.section().isBlank(), pdf.toString());

      SearchHit leader = kbs.search(kb.id(), SearchRequest.of("How is the project leader elected?", 3)).get(0);
      assertTrue(leader.documentId().startsWith("constitution"), leader.toString());
      assertTrue(leader.section().contains("Appointment") || leader.section().contains("Project Leader"), leader.toString());

      Map<String, DocumentSummary> byId = kbs.documents(kb.id(), 0, 100).stream()
          .collect(Collectors.toMap(DocumentSummary::id, s -> s));
      assertEquals("pdf", byId.get("debian-policy.pdf").format());
      assertEquals("odt", byId.get("social-contract.odt").format());
      // the text and the Word/OpenDocument renderings of the same document are near duplicates
      assertEquals("constitution.docx", byId.get("constitution.txt").nearDuplicateOf(), byId.get("constitution.txt").toString());
      assertEquals("social-contract.odt", byId.get("social-contract.txt").nearDuplicateOf());
      assertEquals("bug-reporting.docx", byId.get("bug-reporting.txt").nearDuplicateOf());
      KnowledgeBaseStatistics stats = kbs.statistics(kb.id());
      assertEquals(11, stats.documentCount());
      assertEquals(Map.of("docx", 4L, "odt", 1L, "pdf", 2L, "txt", 4L), stats.documentsByFormat());
      assertEquals(3, stats.nearDuplicates(), stats.toString());
      for (DocumentSummary s : byId.values()) {
        assertTrue(s.quality().score() > 0.2 && s.quality().score() <= 1, s.toString());
      }
      // the PDFs were last modified years before the fixed clock: less fresh than the 2026 conversions
      assertTrue(byId.get("debian-policy.pdf").quality().freshness() < byId.get("constitution.docx").quality().freshness());
      System.out.println(stats);
      System.out.println(kbs.qualityMetrics(kb.id()));
    }
  }

  @Test
  void minHashEstimatesSimilarity() {
    String a = "the quick brown fox jumps over the lazy dog again and again while the farmer watches from the porch "
        .repeat(3);
    long[] sa = MinHash.signature(a);
    assertEquals(1.0, MinHash.similarity(sa, MinHash.signature(a)));
    assertTrue(MinHash.similarity(sa, MinHash.signature(a.replace("farmer", "teacher"))) > 0.6);
    assertTrue(MinHash.similarity(sa, MinHash.signature("entirely different words about bank capital ratios and liquidity "
        .repeat(3))) < 0.1);
  }
}
