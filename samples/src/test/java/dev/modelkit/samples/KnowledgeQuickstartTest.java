package dev.modelkit.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.kb.lucene.KnowledgeSettings;
import dev.modelkit.kb.lucene.LuceneKnowledgeStore;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The knowledge quickstart ingests every policy document and answers from the right ones. */
class KnowledgeQuickstartTest {

  @TempDir Path home;

  @Test
  void answersWithCitations() throws Exception {
    Path data = Path.of(System.getProperty("modelkit.data"));
    Principal alice = Principal.of("alice", "acme-bank", Roles.DATA_SCIENTIST);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (SqliteMetadataStore metadata = SqliteMetadataStore.open(home);
        LuceneKnowledgeStore store = LuceneKnowledgeStore.builder(home)
            .settings(KnowledgeSettings.builder().embeddingCacheDirectory(Path.of("target/embedding-cache")).build())
            .build();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      KnowledgeBase kb = KnowledgeQuickstart.run(store.knowledgeBases(KnowledgeQuickstart.standalone(alice, metadata)),
          alice.organizationId(), data.resolve("docs"), out);
      assertEquals(11, kb.documentCount());
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("Ingested 11 of 11 files"), text);
    assertTrue(text.contains("5.2. Appointment"), text);
    assertTrue(text.contains("Copyright: debian/copyright, page 32"), text);
    assertTrue(text.contains("Non-Maintainer Uploads (NMUs), page 58"), text);
  }
}
