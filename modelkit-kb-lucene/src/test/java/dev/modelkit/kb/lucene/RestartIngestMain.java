package dev.modelkit.kb.lucene;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingests the devref sections in small batches, for ever, printing {@code ACK <id>} for every
 * document of a batch once {@code addDocuments} has returned; {@link RestartTest} kills it.
 */
public final class RestartIngestMain {
  private RestartIngestMain() {}

  /** @param args the home directory and the round number (to name documents) */
  public static void main(String[] args) {
    Principal p = Principal.of("writer", "acme", Roles.DATA_SCIENTIST);
    try (Fixture f = new Fixture(Path.of(args[0]), Clock.systemUTC())) {
      KnowledgeBases kbs = f.as(p);
      List<KnowledgeBase> existing = kbs.list();
      String kb = existing.isEmpty() ? kbs.create("acme", "Restart", List.of()).id() : existing.get(0).id();
      System.out.println("READY " + kb);
      System.out.flush();
      List<KnowledgeDocument> docs = DevrefCorpus.documents();
      for (int pass = 0; ; pass++) {
        for (int i = 0; i < docs.size(); i += 4) {
          List<KnowledgeDocument> batch = new ArrayList<>();
          for (KnowledgeDocument d : docs.subList(i, Math.min(docs.size(), i + 4))) {
            batch.add(new KnowledgeDocument("r" + args[1] + "-p" + pass + "-" + d.id(), d.title(), d.content(), d.type(),
                d.category(), d.tags(), d.metadata(), null, null, null));
          }
          IngestReport r = kbs.addDocuments(kb, batch);
          for (String id : r.ingested()) {
            System.out.println("ACK " + id);
          }
          System.out.flush();
        }
      }
    }
  }
}
