package dev.modelkit.kb.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.kb.lucene.internal.IndexedKnowledgeBase;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.SearchMode;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM ingesting documents is killed (SIGKILL) at a random moment, three times in a row on the
 * same home. After each kill the knowledge base reopens with every acknowledged document, and no
 * document is partial: each stored record has exactly the chunks it declares.
 */
class RestartTest {

  @TempDir Path home;

  @Test
  void acknowledgedDocumentsSurviveAKillAndNoneIsPartial() throws Exception {
    SplittableRandom random = new SplittableRandom(4242);
    Set<String> acknowledged = new HashSet<>();
    for (int round = 0; round < 3; round++) {
      Process p = Forks.start("1g", RestartIngestMain.class, List.of(home.toString(), Integer.toString(round)));
      List<String> output = new ArrayList<>();
      int acksThisRound = 0;
      int killAfter = 8 + random.nextInt(16);
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
          if (line.startsWith("ACK ")) {
            acknowledged.add(line.substring(4));
            if (++acksThisRound >= killAfter) {
              // let the next batch get under way, then kill without warning
              Thread.sleep(random.nextInt(400));
              p.destroyForcibly();
              break;
            }
          }
        }
      }
      assertTrue(p.waitFor(2, TimeUnit.MINUTES));
      assertTrue(acksThisRound >= killAfter, "the writer stopped early:\n" + String.join("\n", output));
      verify(acknowledged);
    }
  }

  private void verify(Set<String> acknowledged) {
    Principal reader = Principal.of("reader", "acme", Roles.DATA_SCIENTIST);
    try (Fixture f = new Fixture(home, Clock.systemUTC())) {
      KnowledgeBases kbs = f.as(reader);
      KnowledgeBase kb = kbs.list().get(0);
      IndexedKnowledgeBase index = f.store.open("acme", kb.id(), kb.name());
      Map<String, Integer> declared = index.chunkCounts();
      Map<String, Integer> actual = index.indexedChunks();
      assertTrue(declared.keySet().containsAll(acknowledged), "lost acknowledged documents");
      assertEquals(declared, actual, "a document has more or fewer chunks than its record declares");
      for (String id : acknowledged) {
        assertNotNull(kbs.document(kb.id(), id));
      }
      assertEquals(declared.size(), kbs.get(kb.id()).documentCount());
      assertTrue(!kbs.search(kb.id(), SearchRequest.of("maintainer upload", 3, SearchMode.HYBRID)).isEmpty());
      // the record was brought up to the index, with an audit event, when the last write was cut off
      var audit = f.metadata.queryAudit(new AuditQuery("acme", null, null, null, null, null, 0, 10_000));
      assertTrue(audit.stream().anyMatch(a -> a.draft().action().equals("knowledge.documents_ingested")));
    }
  }
}
