package dev.modelkit.kb.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.IngestOptions;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.SearchMode;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.DocumentParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken files end as a clear per-document error (or text), never as a failed batch. */
class HostileInputTest {

  @TempDir Path home;
  private static final Principal ALICE = Principal.of("alice", "acme", Roles.DATA_SCIENTIST);
  private static final Path DATA = Path.of(System.getProperty("modelkit.data"));

  @Test
  void everyHostileFileIsReportedAndTheGoodOnesStored() throws Exception {
    List<Path> files = new ArrayList<>(HostileFiles.write(home.resolve("hostile"), DATA));
    Path good = home.resolve("good.txt");
    Files.writeString(good, "Settlement cut-off is 16:00 for Kathmandu transfers.");
    files.add(good);
    try (Fixture f = new Fixture(home, Clock.systemUTC())) {
      KnowledgeBases kbs = f.as(ALICE);
      KnowledgeBase kb = kbs.create("acme", "Hostile", List.of());
      IngestReport r = kbs.ingestFiles(kb.id(), files);
      Map<String, String> failed = r.failed();
      assertTrue(r.ingested().containsAll(List.of("good.txt", "utf16.txt", "latin1.txt")), r.toString());
      assertTrue(failed.get("bomb.docx").contains("zip bomb"), failed.get("bomb.docx"));
      assertTrue(failed.get("locked.pdf").contains("password"), failed.get("locked.pdf"));
      assertTrue(failed.get("truncated.docx").contains("truncated") || failed.get("truncated.docx").contains("corrupt"),
          failed.get("truncated.docx"));
      assertTrue(failed.get("really-a-docx.pdf").contains("DOCX"), failed.get("really-a-docx.pdf"));
      assertTrue(failed.get("really-a-pdf.txt").contains("PDF"), failed.get("really-a-pdf.txt"));
      assertTrue(failed.get("junk.txt").contains("not a text file"), failed.get("junk.txt"));
      assertTrue(failed.get("legacy.doc").contains("OLE2"), failed.get("legacy.doc"));
      assertTrue(failed.get("empty.txt").contains("empty"), failed.get("empty.txt"));
      // external entities are never resolved: the file is refused, or read without the entity
      for (String xxe : List.of("xxe.odt", "xxe.docx")) {
        if (!failed.containsKey(xxe)) {
          String content = kbs.document(kb.id(), xxe).content();
          assertFalse(content.contains(Files.readString(Path.of("/etc/hostname")).strip()), content);
        }
      }
      // a truncated PDF yields the pages PDFBox can recover, or an error
      assertTrue(r.ingested().contains("truncated.pdf") || failed.containsKey("truncated.pdf"));
      assertEquals(files.size(), r.ingested().size() + failed.size(), r.toString());
      assertEquals("good.txt", kbs.search(kb.id(), SearchRequest.of("Kathmandu", 1, SearchMode.LEXICAL)).get(0).documentId());
      assertTrue(kbs.document(kb.id(), "utf16.txt").content().contains("Zürich café"));
      assertTrue(kbs.document(kb.id(), "latin1.txt").content().contains("Café crème"));
    }
  }

  @Test
  void everyFileOfTheMalformedSetYieldsTextOrAnError() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(DATA.resolve("malformed"))) {
      files = s.sorted().toList();
    }
    try (Fixture f = new Fixture(home, Clock.systemUTC())) {
      KnowledgeBases kbs = f.as(ALICE);
      KnowledgeBase kb = kbs.create("acme", "Malformed", List.of());
      IngestReport r = kbs.ingestFiles(kb.id(), files);
      assertEquals(files.size(), r.ingested().size() + r.failed().size(), r.toString());
      for (String id : r.ingested()) {
        assertFalse(kbs.document(kb.id(), id).content().isBlank(), id);
      }
      for (String reason : r.failed().values()) {
        assertTrue(reason.length() > 20, reason);
      }
    }
  }

  @Test
  void limitsOnSizeAndTextAreEnforced() throws Exception {
    KnowledgeSettings small = KnowledgeSettings.builder()
        .limits(new DocumentParser.Limits(10_000, 2_000, 1 << 20, 100, 100)).build();
    Path big = home.resolve("big.txt");
    Files.writeString(big, "word ".repeat(3_000));
    Path wordy = home.resolve("wordy.txt");
    Files.writeString(wordy, "text ".repeat(1_000));
    try (Fixture f = new Fixture(home.resolve("h"), Clock.systemUTC(), small)) {
      KnowledgeBases kbs = f.as(ALICE);
      KnowledgeBase kb = kbs.create("acme", "Limits", List.of());
      IngestReport r = kbs.ingestFiles(kb.id(), List.of(big, wordy));
      assertTrue(r.failed().get("big.txt").contains("over the limit"), r.failed().toString());
      assertTrue(r.failed().get("wordy.txt").contains("characters"), r.failed().toString());
      IngestReport stream = kbs.ingest(kb.id(), "stream.txt", new ByteArrayInputStream(new byte[20_000]),
          IngestOptions.of(DocumentType.POLICY));
      assertTrue(stream.failed().get("stream.txt").contains("limit"), stream.toString());
    }
  }

  @Test
  void aParserThatHangsIsAbandonedAfterTheTimeLimit() throws Exception {
    DocumentParser slow = new DocumentParser() {
      @Override
      public String format() {
        return "slow";
      }

      @Override
      public Set<String> extensions() {
        return Set.of("slow");
      }

      @Override
      public boolean recognizes(byte[] content) {
        return false;
      }

      @Override
      public boolean textual() {
        return true;
      }

      @Override
      public List<Parsed> parse(Input input) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return List.of();
      }
    };
    List<DocumentParser> parsers = new ArrayList<>(dev.modelkit.kb.lucene.internal.ParserRegistry.discover().parsers());
    parsers.add(0, slow);
    Path hang = home.resolve("data.slow");
    Files.writeString(hang, "anything");
    Path fine = home.resolve("fine.txt");
    Files.writeString(fine, "Ordinary text about Ouagadougou branches.");
    KnowledgeSettings quick = KnowledgeSettings.builder().parseTimeout(Duration.ofMillis(500)).build();
    try (Fixture f = new Fixture(home.resolve("h2"), Clock.systemUTC(), quick, parsers)) {
      KnowledgeBases kbs = f.as(ALICE);
      KnowledgeBase kb = kbs.create("acme", "Timeouts", List.of());
      long t0 = System.nanoTime();
      IngestReport r = kbs.ingestFiles(kb.id(), List.of(hang, fine));
      assertTrue((System.nanoTime() - t0) < 30_000_000_000L, "the batch waited for the hung parser");
      assertTrue(r.failed().get("data.slow").contains("longer than"), r.toString());
      assertEquals(List.of("fine.txt"), r.ingested());
    }
  }

  @Test
  void csvLayoutsAndColumns() {
    String csv = "id,title,body,score\n7,Late fees,Customers were charged twice for late fees,2\n"
        + "9,Card limits,The card limit was raised without consent,1\n";
    try (Fixture f = new Fixture(home, Clock.systemUTC())) {
      KnowledgeBases kbs = f.as(ALICE);
      KnowledgeBase kb = kbs.create("acme", "Complaints", List.of());
      IngestReport rows = kbs.ingest(kb.id(), "complaints.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
          IngestOptions.of(DocumentType.CASE_STUDY).withParserOptions(Map.of("csv.idColumn", "id", "csv.titleColumn", "title",
              "csv.textColumns", "body")));
      assertEquals(List.of("complaints.csv#7", "complaints.csv#9"), rows.ingested());
      assertEquals("Card limits", kbs.document(kb.id(), "complaints.csv#9").title());
      assertEquals("The card limit was raised without consent", kbs.document(kb.id(), "complaints.csv#9").content());
      IngestReport whole = kbs.ingest(kb.id(), "all.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
          IngestOptions.of(DocumentType.CASE_STUDY).withParserOptions(Map.of("csv.layout", "file")));
      assertEquals(List.of("all.csv"), whole.ingested());
      assertTrue(kbs.document(kb.id(), "all.csv").content().contains("body: Customers were charged twice"));
      IngestReport broken = kbs.ingest(kb.id(), "broken.csv",
          new ByteArrayInputStream("a,b\n\"unclosed,1\n".getBytes(StandardCharsets.UTF_8)), IngestOptions.of(DocumentType.CASE_STUDY));
      assertTrue(broken.failed().containsKey("broken.csv"), broken.toString());
      IngestReport badOption = kbs.ingest(kb.id(), "opt.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
          IngestOptions.of(DocumentType.CASE_STUDY).withParserOptions(Map.of("csv.textColumns", "nope")));
      assertTrue(badOption.failed().get("opt.csv").contains("nope"), badOption.toString());
    }
  }

  @Test
  void htmlKeepsHeadingsAndDropsScripts() {
    String html = "<!DOCTYPE html><html><head><title>Wire transfers</title><script>alert('x')</script></head><body>"
        + "<h1>Cut-off</h1><p>Transfers to Reykjavik close at 15:00 &amp; later ones wait.</p>"
        + "<h2>Exceptions</h2><p>Treasury may approve&nbsp;late wires.</p></body></html>";
    try (Fixture f = new Fixture(home, Clock.systemUTC())) {
      KnowledgeBases kbs = f.as(ALICE);
      KnowledgeBase kb = kbs.create("acme", "Web", List.of());
      IngestReport r = kbs.ingest(kb.id(), "wires.html", new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)),
          IngestOptions.of(DocumentType.PROCEDURE));
      assertEquals(List.of("wires.html"), r.ingested(), r.toString());
      var doc = kbs.document(kb.id(), "wires.html");
      assertEquals("Wire transfers", doc.title());
      assertFalse(doc.content().contains("alert"));
      assertTrue(doc.content().contains("15:00 & later"));
      var hit = kbs.search(kb.id(), SearchRequest.of("Reykjavik", 1, SearchMode.LEXICAL)).get(0);
      assertEquals("Cut-off", hit.section());
    }
  }
}
