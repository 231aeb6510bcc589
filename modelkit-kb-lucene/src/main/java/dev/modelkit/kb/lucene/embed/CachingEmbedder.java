package dev.modelkit.kb.lucene.embed;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modelkit.spi.Embedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link Embedder} that remembers vectors by {@link ContentHash}: in a Caffeine cache bounded by
 * memory, and optionally in a {@link PersistentEmbeddingCache} on disk. Identical texts in one
 * batch are embedded once. Re-ingesting an unchanged document, or a chunk shared by two documents,
 * costs no encoder time.
 */
public final class CachingEmbedder implements Embedder {
  private final Embedder delegate;
  private final Cache<ContentHash, float[]> memory;
  private final PersistentEmbeddingCache disk;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /**
   * @param delegate the embedder that computes vectors
   * @param maxMemoryBytes the most bytes of vectors kept in memory
   * @param disk the on-disk cache, or null for none; not closed by this embedder
   */
  public CachingEmbedder(Embedder delegate, long maxMemoryBytes, PersistentEmbeddingCache disk) {
    this.delegate = delegate;
    this.disk = disk;
    this.memory = Caffeine.newBuilder()
        .maximumWeight(maxMemoryBytes)
        .weigher((ContentHash k, float[] v) -> 48 + 4 * v.length)
        .build();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public int dimensions() {
    return delegate.dimensions();
  }

  @Override
  public int maxInputTokens() {
    return delegate.maxInputTokens();
  }

  @Override
  public int countTokens(String text) {
    return delegate.countTokens(text);
  }

  /** @return vectors served from a cache so far */
  public long hits() {
    return hits.sum();
  }

  /** @return vectors computed by the delegate so far */
  public long misses() {
    return misses.sum();
  }

  /** @return the embedder that computes vectors */
  public Embedder delegate() {
    return delegate;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    float[][] out = new float[texts.size()][];
    Map<ContentHash, List<Integer>> missing = new LinkedHashMap<>();
    List<String> missingTexts = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      ContentHash key = ContentHash.of(delegate.name(), texts.get(i));
      float[] v = memory.getIfPresent(key);
      if (v == null && disk != null) {
        v = disk.get(key);
        if (v != null) {
          memory.put(key, v);
        }
      }
      if (v != null) {
        out[i] = v;
        hits.increment();
        continue;
      }
      List<Integer> slots = missing.get(key);
      if (slots == null) {
        slots = new ArrayList<>();
        missing.put(key, slots);
        missingTexts.add(texts.get(i));
      }
      slots.add(i);
    }
    if (!missingTexts.isEmpty()) {
      List<float[]> computed = delegate.embed(missingTexts);
      misses.add(missingTexts.size());
      Map<ContentHash, float[]> fresh = new LinkedHashMap<>();
      int j = 0;
      for (Map.Entry<ContentHash, List<Integer>> e : missing.entrySet()) {
        float[] v = computed.get(j++);
        fresh.put(e.getKey(), v);
        memory.put(e.getKey(), v);
        for (int slot : e.getValue()) {
          out[slot] = v;
        }
      }
      if (disk != null) {
        disk.putAll(fresh);
      }
    }
    return java.util.Arrays.asList(out);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
