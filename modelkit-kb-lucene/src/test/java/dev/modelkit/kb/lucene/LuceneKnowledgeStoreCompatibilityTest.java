package dev.modelkit.kb.lucene;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.security.Principal;
import dev.modelkit.tck.KnowledgeStoreCompatibilityKit;
import java.nio.file.Path;
import java.time.Clock;

/** The Lucene knowledge store passes the knowledge store compatibility kit. */
class LuceneKnowledgeStoreCompatibilityTest extends KnowledgeStoreCompatibilityKit {

  @Override
  protected Store openStore(Path dir, Clock clock) {
    Fixture f = new Fixture(dir, clock);
    return new Store() {
      @Override
      public KnowledgeBases as(Principal caller) {
        return f.as(caller);
      }

      @Override
      public void close() {
        f.close();
      }
    };
  }
}
