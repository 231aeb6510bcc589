package dev.modelkit.kb.lucene;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ingests the files given on the command line in one batch and prints the report; run by {@link LowMemoryBatchTest}. */
public final class BatchIngestMain {
  private BatchIngestMain() {}

  /** @param args the home directory, then the files */
  public static void main(String[] args) {
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      files.add(Path.of(args[i]));
    }
    try (Fixture f = new Fixture(Path.of(args[0]), Clock.systemUTC())) {
      KnowledgeBases kbs = f.as(Principal.of("batch", "acme", Roles.DATA_SCIENTIST));
      KnowledgeBase kb = kbs.create("acme", "Batch", List.of());
      IngestReport r = kbs.ingestFiles(kb.id(), files);
      for (String id : r.ingested()) {
        System.out.println("INGESTED " + id);
      }
      for (Map.Entry<String, String> e : r.failed().entrySet()) {
        System.out.println("FAILED " + e.getKey() + " :: " + e.getValue().replace('\n', ' '));
      }
      System.out.println("CHUNKS " + kbs.get(kb.id()).chunkCount());
      System.out.println("MAXHEAP " + Runtime.getRuntime().maxMemory());
    }
    System.exit(0);
  }
}
