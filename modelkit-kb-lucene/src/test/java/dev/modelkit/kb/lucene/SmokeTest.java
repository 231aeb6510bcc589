package dev.modelkit.kb.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
  @TempDir Path home;

  @Test
  void ingestsThePolicyDocumentsAndAnswers() throws Exception {
    Path docs = Path.of(System.getProperty("modelkit.data"), "docs");
    try (Fixture f = new Fixture(home, Clock.systemUTC())) {
      KnowledgeBases kbs = f.as(Principal.of("alice", "acme", Roles.DATA_SCIENTIST));
      KnowledgeBase kb = kbs.create("acme", "Debian policies", List.of());
      long t0 = System.nanoTime();
      List<Path> files;
      try (var s = Files.list(docs)) {
        files = s.sorted().toList();
      }
      IngestReport r = kbs.ingestFiles(kb.id(), files);
      System.out.println("ingest " + (System.nanoTime() - t0) / 1_000_000 + " ms " + r);
      System.out.println(kbs.get(kb.id()));
      for (String q : List.of("How do I report a bug?", "Who elects the project leader?", "What is the Debian Free Software Guidelines")) {
        List<SearchHit> hits = kbs.search(kb.id(), SearchRequest.of(q, 3));
        System.out.println("Q: " + q);
        hits.forEach(h -> System.out.println("  " + h));
        assertFalse(hits.isEmpty());
      }
      assertEquals(0, r.failed().size());
    }
  }
}
