package dev.modelkit.benchmarks;

import dev.modelkit.kb.lucene.KnowledgeSettings;
import dev.modelkit.kb.lucene.embed.MiniLmEmbedder;
import dev.modelkit.kb.lucene.internal.AccessPolicy;
import dev.modelkit.kb.lucene.internal.IngestPipeline;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.spi.Embedder;
import java.time.Clock;
import java.util.List;

/** Prints how many chunks the benchmark corpus makes under given chunk settings (no embedding). */
public final class KnowledgeCorpusStats {
  private KnowledgeCorpusStats() {}

  /** @param args chunk tokens, overlap tokens */
  public static void main(String[] args) {
    KnowledgeSettings s = KnowledgeSettings.builder().chunkTokens(Integer.parseInt(args[0]))
        .chunkOverlapTokens(Integer.parseInt(args[1])).build();
    try (Embedder e = new MiniLmEmbedder(1)) {
      IngestPipeline p = new IngestPipeline(e, s, new AccessPolicy(s.classifications(), s.clearances(), s.defaultClearance()), Clock.systemUTC());
      count("emails", KnowledgeCorpus.emails(), p, e);
      count("reviews", KnowledgeCorpus.reviews(), p, e);
    }
  }

  private static void count(String name, List<KnowledgeDocument> docs, IngestPipeline p, Embedder e) {
    long chunks = 0;
    long chars = 0;
    for (KnowledgeDocument d : docs) {
      chunks += p.chunkCount(p.validate(p.fromDocument(d)));
      chars += d.content().length();
    }
    System.out.printf("%s: %d documents, %d characters, %d chunks%n", name, docs.size(), chars, chunks);
  }
}
