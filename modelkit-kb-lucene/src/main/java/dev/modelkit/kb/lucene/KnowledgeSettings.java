package dev.modelkit.kb.lucene;

import dev.modelkit.config.Checks;
import dev.modelkit.spi.DocumentParser.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the Lucene knowledge store chunks, scores, embeds, indexes and ranks. Immutable; build one
 * with {@link #builder()} or read one from the runtime's settings with {@link #fromSettings(Map)}
 * (keys {@code modelkit.knowledge.<name>}, listed on each builder method).
 *
 * @param chunkTokens most tokens of text per chunk; 0 means the embedder's input limit less the
 *     chunk's context header
 * @param chunkOverlapTokens most tokens repeated between consecutive chunks of a section
 * @param contextHeader whether each chunk is embedded with its document title and section path
 *     in front, so that a chunk out of context is still recognisable
 * @param minQualityScore documents scoring below it are stored but held back from search
 * @param nearDuplicateThreshold estimated Jaccard similarity of word 5-grams above which a document
 *     is flagged as a near duplicate of an earlier one
 * @param freshnessHalfLife age at which the freshness score halves
 * @param quantizeVectors whether vectors are stored scalar-quantized (int7) in the HNSW graph
 * @param hnswM HNSW graph connections per node
 * @param hnswBeamWidth HNSW candidate list size while building
 * @param candidates how many chunks each of lexical and vector search contributes to hybrid
 *     fusion
 * @param rrfK the constant of reciprocal rank fusion
 * @param lexicalWeight weight of the lexical ranking in hybrid fusion
 * @param vectorWeight weight of the vector ranking in hybrid fusion
 * @param parseTimeout the most time one file may take to parse
 * @param limits size, text and decompression limits per file
 * @param classifications classification levels, least secret first
 * @param defaultClearance the highest classification a role without its own clearance may read
 * @param clearances role to the highest classification it may read
 * @param embedder name of the embedder provider to use, or null for the default
 * @param embedderThreads ONNX Runtime threads of the default embedder, 0 for one per core
 * @param embeddingCacheBytes memory for cached vectors
 * @param embeddingCacheDirectory directory of the on-disk vector cache, or null for none
 */
public record KnowledgeSettings(
    int chunkTokens, int chunkOverlapTokens, boolean contextHeader, double minQualityScore,
    double nearDuplicateThreshold, Duration freshnessHalfLife, boolean quantizeVectors, int hnswM,
    int hnswBeamWidth, int candidates, int rrfK, double lexicalWeight, double vectorWeight, Duration parseTimeout,
    Limits limits, List<String> classifications, String defaultClearance, Map<String, String> clearances,
    String embedder, int embedderThreads, long embeddingCacheBytes, Path embeddingCacheDirectory) {

  private static final String PREFIX = "modelkit.knowledge.";

  /**
   * Validates every value and the cross-field rules.
   *
   * @throws dev.modelkit.ConfigurationException listing every problem
   */
  public KnowledgeSettings {
    Checks c = new Checks("KnowledgeSettings");
    c.check(chunkTokens == 0 || chunkTokens >= 16, "chunkTokens", chunkTokens, "be 0 (the embedder's limit) or at least 16");
    c.check(chunkOverlapTokens >= 0 && (chunkTokens == 0 || chunkOverlapTokens * 2 <= chunkTokens),
        "chunkOverlapTokens", chunkOverlapTokens, "be 0 or more and at most half of chunkTokens");
    c.between("minQualityScore", minQualityScore, 0, 1);
    c.between("nearDuplicateThreshold", nearDuplicateThreshold, 0.5, 1);
    c.check(freshnessHalfLife != null && !freshnessHalfLife.isNegative() && !freshnessHalfLife.isZero(),
        "freshnessHalfLife", freshnessHalfLife, "be a positive duration");
    c.between("hnswM", hnswM, 2, 512);
    c.between("hnswBeamWidth", hnswBeamWidth, 10, 3200);
    c.between("candidates", candidates, 10, 10_000);
    c.between("rrfK", rrfK, 1, 1000);
    c.check(lexicalWeight >= 0 && vectorWeight >= 0 && lexicalWeight + vectorWeight > 0, "lexicalWeight",
        lexicalWeight, "and vectorWeight be 0 or more and not both 0");
    c.check(parseTimeout != null && !parseTimeout.isNegative() && !parseTimeout.isZero(), "parseTimeout", parseTimeout,
        "be a positive duration");
    c.required("limits", limits);
    c.check(classifications != null && !classifications.isEmpty(), "classifications", classifications,
        "list at least one level");
    c.noBlanks("classifications", classifications);
    if (classifications != null && !classifications.isEmpty()) {
      List<String> lower = classifications.stream().map(s -> s == null ? "" : s.toLowerCase(Locale.ROOT)).toList();
      c.check(defaultClearance != null && lower.contains(defaultClearance.toLowerCase(Locale.ROOT)), "defaultClearance",
          defaultClearance, "be one of " + classifications);
      if (clearances != null) {
        for (Map.Entry<String, String> e : clearances.entrySet()) {
          c.check(e.getValue() != null && lower.contains(e.getValue().toLowerCase(Locale.ROOT)),
              "clearances." + e.getKey(), e.getValue(), "be one of " + lower);
        }
      }
    }
    c.between("embedderThreads", embedderThreads, 0, 256);
    c.check(embeddingCacheBytes >= 0, "embeddingCacheBytes", embeddingCacheBytes, "be 0 or more");
    c.throwIfAny();
    classifications = classifications.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    defaultClearance = defaultClearance.toLowerCase(Locale.ROOT);
    Map<String, String> cl = new HashMap<>();
    if (clearances != null) {
      clearances.forEach((role, level) -> cl.put(role, level.toLowerCase(Locale.ROOT)));
    }
    clearances = Map.copyOf(cl);
  }

  /** @return the defaults */
  public static KnowledgeSettings defaults() {
    return builder().build();
  }

  /** @return a builder with the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding these settings */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.chunkTokens = chunkTokens;
    b.chunkOverlapTokens = chunkOverlapTokens;
    b.contextHeader = contextHeader;
    b.minQualityScore = minQualityScore;
    b.nearDuplicateThreshold = nearDuplicateThreshold;
    b.freshnessHalfLife = freshnessHalfLife;
    b.quantizeVectors = quantizeVectors;
    b.hnswM = hnswM;
    b.hnswBeamWidth = hnswBeamWidth;
    b.candidates = candidates;
    b.rrfK = rrfK;
    b.lexicalWeight = lexicalWeight;
    b.vectorWeight = vectorWeight;
    b.parseTimeout = parseTimeout;
    b.limits = limits;
    b.classifications = classifications;
    b.defaultClearance = defaultClearance;
    b.clearances = new HashMap<>(clearances);
    b.embedder = embedder;
    b.embedderThreads = embedderThreads;
    b.embeddingCacheBytes = embeddingCacheBytes;
    b.embeddingCacheDirectory = embeddingCacheDirectory;
    return b;
  }

  /**
   * Reads settings from the runtime's settings map; absent keys keep their defaults.
   *
   * @param settings keys {@code modelkit.knowledge.<name>}; {@code clearance.<role>} sets a
   *     role's clearance, {@code classifications} is a comma-separated list
   * @return the settings
   * @throws dev.modelkit.ConfigurationException listing every unreadable or invalid value
   */
  public static KnowledgeSettings fromSettings(Map<String, String> settings) {
    Builder b = builder();
    Checks c = new Checks("KnowledgeSettings");
    Limits l = Limits.defaults();
    long maxBytes = l.maxBytes();
    long maxChars = l.maxChars();
    long maxUncompressed = l.maxUncompressedBytes();
    double maxRatio = l.maxCompressionRatio();
    int maxEntries = l.maxEntries();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      if (!e.getKey().startsWith(PREFIX)) {
        continue;
      }
      String key = e.getKey().substring(PREFIX.length());
      String v = e.getValue() == null ? "" : e.getValue().strip();
      try {
        switch (key) {
          case "chunkTokens" -> b.chunkTokens = Integer.parseInt(v);
          case "chunkOverlapTokens" -> b.chunkOverlapTokens = Integer.parseInt(v);
          case "contextHeader" -> b.contextHeader = bool(v);
          case "minQualityScore" -> b.minQualityScore = Double.parseDouble(v);
          case "nearDuplicateThreshold" -> b.nearDuplicateThreshold = Double.parseDouble(v);
          case "freshnessHalfLife" -> b.freshnessHalfLife = Duration.parse(v);
          case "quantizeVectors" -> b.quantizeVectors = bool(v);
          case "hnswM" -> b.hnswM = Integer.parseInt(v);
          case "hnswBeamWidth" -> b.hnswBeamWidth = Integer.parseInt(v);
          case "candidates" -> b.candidates = Integer.parseInt(v);
          case "rrfK" -> b.rrfK = Integer.parseInt(v);
          case "lexicalWeight" -> b.lexicalWeight = Double.parseDouble(v);
          case "vectorWeight" -> b.vectorWeight = Double.parseDouble(v);
          case "parseTimeout" -> b.parseTimeout = Duration.parse(v);
          case "maxBytes" -> maxBytes = Long.parseLong(v);
          case "maxChars" -> maxChars = Long.parseLong(v);
          case "maxUncompressedBytes" -> maxUncompressed = Long.parseLong(v);
          case "maxCompressionRatio" -> maxRatio = Double.parseDouble(v);
          case "maxEntries" -> maxEntries = Integer.parseInt(v);
          case "classifications" -> b.classifications = List.of(v.split("\\s*,\\s*"));
          case "defaultClearance" -> b.defaultClearance = v;
          case "embedder" -> b.embedder = v.isEmpty() ? null : v;
          case "embedderThreads" -> b.embedderThreads = Integer.parseInt(v);
          case "embeddingCacheBytes" -> b.embeddingCacheBytes = Long.parseLong(v);
          case "embeddingCacheDirectory" -> b.embeddingCacheDirectory = v.isEmpty() ? null : Path.of(v);
          default -> {
            if (key.startsWith("clearance.")) {
              b.clearances.put(key.substring("clearance.".length()), v);
            } else {
              c.check(false, e.getKey(), v, "be a known setting (see KnowledgeSettings)");
            }
          }
        }
      } catch (NumberFormatException | DateTimeParseException ex) {
        c.check(false, e.getKey(), v, key.endsWith("Timeout") || key.endsWith("HalfLife")
            ? "be an ISO-8601 duration such as PT2M or P365D" : "be a number");
      } catch (IllegalArgumentException ex) {
        c.check(false, e.getKey(), v, "be true or false");
      }
    }
    // values that did not parse kept their defaults, so building still finds every other problem
    KnowledgeSettings built = null;
    try {
      b.limits = new Limits(maxBytes, maxChars, maxUncompressed, maxRatio, maxEntries);
      built = b.build();
    } catch (dev.modelkit.ConfigurationException e) {
      c.addAll("modelkit.knowledge", e.violations());
    }
    c.throwIfAny();
    return built;
  }

  private static boolean bool(String v) {
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(v);
  }

  /** Builds {@link KnowledgeSettings}; every value starts at its default. */
  public static final class Builder {
    private int chunkTokens;
    private int chunkOverlapTokens = 24;
    private boolean contextHeader;
    private double minQualityScore;
    private double nearDuplicateThreshold = 0.9;
    private Duration freshnessHalfLife = Duration.ofDays(365);
    private boolean quantizeVectors;
    private int hnswM = 16;
    private int hnswBeamWidth = 100;
    private int candidates = 100;
    private int rrfK = 60;
    private double lexicalWeight = 1.0;
    private double vectorWeight = 1.8;
    private Duration parseTimeout = Duration.ofMinutes(2);
    private Limits limits = Limits.defaults();
    private List<String> classifications = List.of("public", "internal", "confidential", "restricted");
    private String defaultClearance = "internal";
    private Map<String, String> clearances = new HashMap<>(Map.of(
        "data_scientist", "confidential", "administrator", "restricted"));
    private String embedder;
    private int embedderThreads;
    private long embeddingCacheBytes = 64L << 20;
    private Path embeddingCacheDirectory;

    private Builder() {}

    /** @param v {@code chunkTokens}; default 0 (the embedder's limit) @return this */
    public Builder chunkTokens(int v) {
      chunkTokens = v;
      return this;
    }

    /** @param v {@code chunkOverlapTokens}; default 24 @return this */
    public Builder chunkOverlapTokens(int v) {
      chunkOverlapTokens = v;
      return this;
    }

    /** @param v {@code contextHeader}; default false @return this */
    public Builder contextHeader(boolean v) {
      contextHeader = v;
      return this;
    }

    /** @param v {@code minQualityScore}; default 0 (nothing held back) @return this */
    public Builder minQualityScore(double v) {
      minQualityScore = v;
      return this;
    }

    /** @param v {@code nearDuplicateThreshold}; default 0.9 @return this */
    public Builder nearDuplicateThreshold(double v) {
      nearDuplicateThreshold = v;
      return this;
    }

    /** @param v {@code freshnessHalfLife}; default 365 days @return this */
    public Builder freshnessHalfLife(Duration v) {
      freshnessHalfLife = v;
      return this;
    }

    /** @param v {@code quantizeVectors}; default false @return this */
    public Builder quantizeVectors(boolean v) {
      quantizeVectors = v;
      return this;
    }

    /** @param v {@code hnswM}; default 16 @return this */
    public Builder hnswM(int v) {
      hnswM = v;
      return this;
    }

    /** @param v {@code hnswBeamWidth}; default 100 @return this */
    public Builder hnswBeamWidth(int v) {
      hnswBeamWidth = v;
      return this;
    }

    /** @param v {@code candidates}; default 100 @return this */
    public Builder candidates(int v) {
      candidates = v;
      return this;
    }

    /** @param v {@code rrfK}; default 60 @return this */
    public Builder rrfK(int v) {
      rrfK = v;
      return this;
    }

    /**
     * @param lexical {@code lexicalWeight}; default 1
     * @param vector {@code vectorWeight}; default 1.8 (docs/decisions/0087)
     * @return this
     */
    public Builder fusionWeights(double lexical, double vector) {
      lexicalWeight = lexical;
      vectorWeight = vector;
      return this;
    }

    /** @param v {@code parseTimeout}; default 2 minutes @return this */
    public Builder parseTimeout(Duration v) {
      parseTimeout = v;
      return this;
    }

    /** @param v limits {@code maxBytes}, {@code maxChars}, {@code maxUncompressedBytes}, {@code maxCompressionRatio}, {@code maxEntries} @return this */
    public Builder limits(Limits v) {
      limits = v;
      return this;
    }

    /** @param v {@code classifications}; default public, internal, confidential, restricted @return this */
    public Builder classifications(List<String> v) {
      classifications = v;
      return this;
    }

    /** @param v {@code defaultClearance}; default internal @return this */
    public Builder defaultClearance(String v) {
      defaultClearance = v;
      return this;
    }

    /**
     * @param role a role ({@code clearance.<role>})
     * @param level the highest classification it may read; defaults: data_scientist confidential,
     *     administrator restricted
     * @return this
     */
    public Builder clearance(String role, String level) {
      clearances.put(role, level);
      return this;
    }

    /** @param v {@code embedder}: the embedder provider's name @return this */
    public Builder embedder(String v) {
      embedder = v;
      return this;
    }

    /** @param v {@code embedderThreads}; default 0 @return this */
    public Builder embedderThreads(int v) {
      embedderThreads = v;
      return this;
    }

    /** @param v {@code embeddingCacheBytes}; default 64 MB @return this */
    public Builder embeddingCacheBytes(long v) {
      embeddingCacheBytes = v;
      return this;
    }

    /** @param v {@code embeddingCacheDirectory}; default none @return this */
    public Builder embeddingCacheDirectory(Path v) {
      embeddingCacheDirectory = v;
      return this;
    }

    /**
     * @return the settings
     * @throws dev.modelkit.ConfigurationException listing every problem
     */
    public KnowledgeSettings build() {
      return new KnowledgeSettings(chunkTokens, chunkOverlapTokens, contextHeader, minQualityScore,
          nearDuplicateThreshold, freshnessHalfLife, quantizeVectors, hnswM, hnswBeamWidth, candidates, rrfK,
          lexicalWeight, vectorWeight, parseTimeout, limits, classifications, defaultClearance, clearances, embedder,
          embedderThreads, embeddingCacheBytes, embeddingCacheDirectory);
    }
  }
}
