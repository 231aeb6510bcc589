package dev.modelkit.samples;

import dev.modelkit.KnowledgeBases;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.kb.lucene.LuceneKnowledgeStore;
import dev.modelkit.knowledge.DocumentMetadata;
import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.IngestOptions;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.ServiceContext;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Builds a knowledge base from the real policy documents in {@code data/docs} (PDF, Word,
 * OpenDocument and text) and answers a few questions with citations: document, section and page.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -q -o -pl samples -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=$PWD/samples/target/classpath.txt
 * java -cp "samples/target/classes:$(cat samples/target/classpath.txt)" dev.modelkit.samples.KnowledgeQuickstart
 * </pre>
 *
 * <p>or call {@link #run} with the knowledge bases of a running ModelKit service ({@code
 * service.knowledgeBases()}).
 */
public final class KnowledgeQuickstart {

  /** The questions the sample answers. */
  static final List<String> QUESTIONS = List.of(
      "How do I report a bug in Debian?",
      "Who elects the Project Leader, and for how long?",
      "What must the copyright file of a package contain?",
      "When may a developer make a non-maintainer upload?");

  private KnowledgeQuickstart() {}

  /**
   * Builds the knowledge base and answers the questions.
   *
   * @param kbs the knowledge bases of a caller who may manage knowledge
   * @param organizationId the caller's organisation
   * @param docs the directory of policy documents
   * @param out where to print
   * @return the knowledge base built
   */
  public static KnowledgeBase run(KnowledgeBases kbs, String organizationId, Path docs, PrintStream out) {
    KnowledgeBase kb = kbs.create(organizationId, "Debian project policies and procedures", List.of());
    List<Path> files;
    try (Stream<Path> s = Files.list(docs)) {
      files = s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + docs, e);
    }
    long t0 = System.nanoTime();
    IngestOptions policies = IngestOptions.of(DocumentType.POLICY).withCategory("governance", "debian")
        .withMetadata(new DocumentMetadata("Debian", "Project", null, null, "internal", null, null, null));
    IngestReport report = kbs.ingestFiles(kb.id(), files, policies);
    KnowledgeBase built = kbs.get(kb.id());
    out.printf(Locale.ROOT, "Ingested %d of %d files into %d chunks in %.1f s%s%n", report.ingested().size(), files.size(),
        built.chunkCount(), (System.nanoTime() - t0) / 1e9, report.failed().isEmpty() ? "" : "; refused: " + report.failed());
    out.printf(Locale.ROOT, "Quality: average score %.2f, %d near duplicates (the same text as .txt and .docx/.odt)%n%n",
        built.qualityMetrics().averageScore(), built.qualityMetrics().nearDuplicates());
    for (String q : QUESTIONS) {
      out.println("Q: " + q);
      List<SearchHit> hits = kbs.search(kb.id(), SearchRequest.of(q, 3));
      for (SearchHit h : hits) {
        out.printf(Locale.ROOT, "  [%s%s%s] %s%n", h.title(), h.section().isEmpty() ? "" : " > " + h.section(),
            h.page() > 0 ? ", page " + h.page() : "", plain(h.passage()));
      }
      out.println();
    }
    return built;
  }

  /** The passage without its highlighting markup, for a terminal. */
  private static String plain(String passage) {
    String p = passage.replace("<em>", "*").replace("</em>", "*").replace("&quot;", "\"").replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replaceAll("\\s+", " ").strip();
    return p.length() <= 300 ? p : p.substring(0, 297) + "...";
  }

  /**
   * Runs the sample in a temporary ModelKit home with the embedded metadata store.
   *
   * @param args optional: the data directory (default {@code data})
   * @throws IOException if the home cannot be created
   */
  public static void main(String[] args) throws IOException {
    Path data = Path.of(args.length > 0 ? args[0] : System.getProperty("modelkit.data", "data"));
    Path home = Files.createTempDirectory("modelkit-knowledge-quickstart");
    Principal alice = Principal.of("alice", "acme-bank", Roles.DATA_SCIENTIST);
    try (SqliteMetadataStore metadata = SqliteMetadataStore.open(home);
        LuceneKnowledgeStore store = LuceneKnowledgeStore.builder(home).build()) {
      run(store.knowledgeBases(standalone(alice, metadata)), alice.organizationId(), data.resolve("docs"), System.out);
    }
  }

  /**
   * @param caller the caller
   * @param metadata the metadata store
   * @return a caller context for running the knowledge store without the ModelKit runtime
   */
  static ServiceContext standalone(Principal caller, MetadataStore metadata) {
    return StandaloneContext.builder(caller).metadata(metadata).build();
  }
}
