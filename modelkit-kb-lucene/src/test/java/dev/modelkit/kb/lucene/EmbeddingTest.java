package dev.modelkit.kb.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.modelkit.kb.lucene.embed.CachingEmbedder;
import dev.modelkit.kb.lucene.embed.ContentHash;
import dev.modelkit.kb.lucene.embed.LangChain4jEmbedder;
import dev.modelkit.kb.lucene.embed.PersistentEmbeddingCache;
import dev.modelkit.kb.lucene.internal.Vectors;
import dev.modelkit.spi.Embedder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingTest {

  @TempDir Path dir;

  @Test
  void inProcessEncoderMatchesTheLangChain4jModelItWraps() {
    Embedder ours = Fixture.embedder();
    Embedder theirs = new LangChain4jEmbedder(new AllMiniLmL6V2QuantizedEmbeddingModel(), "lc4j-minilm", 128);
    List<String> texts = List.of("How do I report a bug in Debian?",
        "The Project Leader is elected by the Developers for one year.",
        "Collateral haircuts apply to every repurchase agreement with a non-bank counterparty.");
    List<float[]> a = ours.embed(texts);
    List<float[]> b = theirs.embed(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertEquals(384, a.get(i).length);
      assertTrue(Vectors.dot(Vectors.unit(a.get(i)), Vectors.unit(b.get(i))) > 0.9999, "text " + i);
    }
    assertTrue(ours.countTokens("Debian") >= 3);
    assertTrue(ours.countTokens("word ".repeat(300)) > 128, "token counts must not be truncated");
  }

  @Test
  void cachingEmbedderComputesEachTextOncePerModel() {
    AtomicInteger computed = new AtomicInteger();
    Embedder counting = fake(computed);
    try (PersistentEmbeddingCache disk = PersistentEmbeddingCache.open(dir)) {
      CachingEmbedder c = new CachingEmbedder(counting, 1 << 20, disk);
      c.embed(List.of("alpha", "beta", "alpha"));
      assertEquals(2, computed.get());
      c.embed(List.of("beta", "gamma"));
      assertEquals(3, computed.get());
      assertEquals(3, c.misses());
      // "beta" the second time; the repeated "alpha" of the first batch was embedded once, not looked up
      assertEquals(1, c.hits());
    }
    try (PersistentEmbeddingCache reopened = PersistentEmbeddingCache.open(dir)) {
      assertEquals(3, reopened.size());
      CachingEmbedder again = new CachingEmbedder(counting, 1 << 20, reopened);
      assertArrayEquals(new float[] {5, 1, 0}, again.embed(List.of("alpha")).get(0));
      assertEquals(3, computed.get(), "served from disk after a restart");
    }
  }

  @Test
  void aTornCacheSegmentLosesOnlyItsLastRecord() throws IOException {
    try (PersistentEmbeddingCache disk = PersistentEmbeddingCache.open(dir)) {
      disk.putAll(Map.of(ContentHash.of("m", "one"), new float[] {1, 2, 3}));
      disk.putAll(Map.of(ContentHash.of("m", "two"), new float[] {4, 5, 6}));
    }
    Path segment;
    try (Stream<Path> s = Files.list(dir)) {
      segment = s.findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 5);
    }
    try (PersistentEmbeddingCache disk = PersistentEmbeddingCache.open(dir)) {
      assertArrayEquals(new float[] {1, 2, 3}, disk.get(ContentHash.of("m", "one")));
      assertNull(disk.get(ContentHash.of("m", "two")));
      assertNull(disk.get(ContentHash.of("other-model", "one")));
    }
  }

  /** Vectors from the text's length, counting calls. */
  static Embedder fake(AtomicInteger computed) {
    return new Embedder() {
      @Override
      public String name() {
        return "fake";
      }

      @Override
      public int dimensions() {
        return 3;
      }

      @Override
      public int maxInputTokens() {
        return 64;
      }

      @Override
      public int countTokens(String text) {
        return 2 + text.split("\\s+").length;
      }

      @Override
      public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
          computed.incrementAndGet();
          out.add(new float[] {t.length(), 1, 0});
        }
        return out;
      }
    };
  }
}
