package dev.modelkit.kb.lucene.internal;

import dev.modelkit.kb.lucene.KnowledgeSettings;
import dev.modelkit.kb.lucene.embed.ContentHash;
import dev.modelkit.knowledge.DocumentMetadata;
import dev.modelkit.knowledge.DocumentQuality;
import dev.modelkit.knowledge.IngestOptions;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.ReviewStatus;
import dev.modelkit.spi.DocumentParseException;
import dev.modelkit.spi.DocumentParser.Parsed;
import dev.modelkit.spi.DocumentParser.Section;
import dev.modelkit.spi.Embedder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns documents (given, or parsed from files) into chunks with vectors and quality scores: the
 * part of ingestion that does not touch the index. A document that cannot be prepared is reported
 * with the reason; the others go on.
 */
public final class IngestPipeline {

  /**
   * A document on its way in.
   *
   * @param document the document
   * @param format its source format
   * @param sections its structure
   */
  public record Candidate(KnowledgeDocument document, String format, List<Section> sections) {}

  /**
   * A candidate with its chunks and vectors.
   *
   * @param candidate the candidate, validated
   * @param chunks its chunks
   * @param vectors one unit vector per chunk
   * @param vectorKeys per chunk, the content hash of its embedding input
   * @param documentVector the unit mean of the chunk vectors
   */
  public record Embedded(Candidate candidate, List<Chunker.Chunk> chunks, List<float[]> vectors, List<String> vectorKeys,
      float[] documentVector) {}

  private static final int MAX_ID = 512;
  private static final int MAX_HEADER_TOKENS = 32;
  private static final int EMBED_BATCH = 64;

  private final Embedder embedder;
  private final KnowledgeSettings settings;
  private final AccessPolicy policy;
  private final QualityAssessor quality;
  private final Clock clock;
  private volatile Chunker chunker;

  /**
   * @param embedder the embedder
   * @param settings chunking and quality settings
   * @param policy the access policy (to validate classifications)
   * @param clock the clock
   */
  public IngestPipeline(Embedder embedder, KnowledgeSettings settings, AccessPolicy policy, Clock clock) {
    this.embedder = embedder;
    this.settings = settings;
    this.policy = policy;
    this.clock = clock;
    this.quality = new QualityAssessor(settings.freshnessHalfLife());
  }

  /** The chunker is sized by the embedder's input limit, asked for only when first needed. */
  private Chunker chunker() {
    Chunker c = chunker;
    if (c == null) {
      int capacity = settings.chunkTokens() > 0 ? settings.chunkTokens() : embedder.maxInputTokens() - 2;
      c = new Chunker(this::tokens, capacity, Math.min(settings.chunkOverlapTokens(), capacity / 2));
      chunker = c;
    }
    return c;
  }

  private int tokens(String text) {
    return Math.max(0, embedder.countTokens(text) - 2);
  }

  /**
   * @param document a document given as text
   * @return the candidate, its sections found in the text
   */
  public Candidate fromDocument(KnowledgeDocument document) {
    return new Candidate(document, "text", TextStructure.parse(document.content()).sections());
  }

  /**
   * @param fileName the file
   * @param format its detected format
   * @param parsed what the parser found
   * @param options what the caller said about the documents
   * @return one candidate per parsed document
   */
  public List<Candidate> fromParsed(String fileName, String format, List<Parsed> parsed, IngestOptions options) {
    List<Candidate> out = new ArrayList<>(parsed.size());
    String base = baseName(fileName);
    for (Parsed p : parsed) {
      String id = p.idSuffix() == null ? base : base + "#" + p.idSuffix();
      String title = p.title() != null && !p.title().isBlank() ? p.title().strip()
          : p.idSuffix() == null ? stem(base) : stem(base) + " " + p.idSuffix();
      StringBuilder content = new StringBuilder();
      for (Section s : p.sections()) {
        content.append(content.length() > 0 ? "\n\n" : "").append(s.text());
      }
      DocumentMetadata given = options.metadata();
      Map<String, String> props = p.properties();
      DocumentMetadata metadata = new DocumentMetadata(
          given.author() != null ? given.author() : props.get("author"), given.department(),
          given.lastModified() != null ? given.lastModified() : instant(props.get("lastModified")),
          given.version(), given.classification(), given.allowedRoles(), given.allowedUsers(), given.extra());
      KnowledgeDocument d = new KnowledgeDocument(id, title, content.toString(), options.type(), options.category(),
          options.tags(), metadata, null, null, options.reviewStatus());
      out.add(new Candidate(d, format, p.sections()));
    }
    return out;
  }

  /**
   * Validates a candidate and normalises its classification.
   *
   * @param c the candidate
   * @return the valid candidate
   * @throws DocumentParseException naming what is wrong
   */
  public Candidate validate(Candidate c) {
    KnowledgeDocument d = c.document();
    if (d.id().length() > MAX_ID || d.id().chars().anyMatch(ch -> ch < 0x20)) {
      throw new DocumentParseException("document id '" + abbreviate(d.id()) + "' must be at most " + MAX_ID
          + " characters without control characters");
    }
    if (d.content().isBlank()) {
      throw new DocumentParseException("document '" + d.id() + "' has no text (content is blank)");
    }
    if (d.content().length() > settings.limits().maxChars()) {
      throw new DocumentParseException("document '" + d.id() + "' has " + d.content().length()
          + " characters, more than the limit of " + settings.limits().maxChars()
          + "; split it or raise modelkit.knowledge.maxChars");
    }
    String classification;
    try {
      classification = policy.normalize(d.metadata().classification());
    } catch (IllegalArgumentException e) {
      throw new DocumentParseException("document '" + d.id() + "': " + e.getMessage(), e);
    }
    for (String r : d.metadata().allowedRoles()) {
      if (r == null || r.isBlank()) {
        throw new DocumentParseException("document '" + d.id() + "' has a blank entry in metadata.allowedRoles");
      }
    }
    for (String u : d.metadata().allowedUsers()) {
      if (u == null || u.isBlank()) {
        throw new DocumentParseException("document '" + d.id() + "' has a blank entry in metadata.allowedUsers");
      }
    }
    DocumentMetadata m = d.metadata();
    DocumentMetadata normalized = new DocumentMetadata(m.author(), m.department(), m.lastModified(), m.version(),
        classification, m.allowedRoles(), m.allowedUsers(), m.extra());
    List<Section> sections = c.sections().isEmpty() ? List.of(new Section(List.of(), 0, d.content())) : c.sections();
    return new Candidate(withMetadata(d, normalized), c.format(), sections);
  }

  private static KnowledgeDocument withMetadata(KnowledgeDocument d, DocumentMetadata m) {
    return new KnowledgeDocument(d.id(), d.title(), d.content(), d.type(), d.category(), d.tags(), m, d.quality(),
        d.lastReviewed(), d.reviewStatus());
  }

  /**
   * Chunks and embeds valid candidates, batching chunks of several documents per encoder call.
   *
   * @param candidates valid candidates
   * @param failed receives document id to reason for candidates that could not be embedded
   * @return the embedded candidates, in order
   */
  public List<Embedded> embed(List<Candidate> candidates, Map<String, String> failed) {
    List<Embedded> out = new ArrayList<>();
    List<Candidate> pending = new ArrayList<>();
    List<List<Chunker.Chunk>> pendingChunks = new ArrayList<>();
    int pendingCount = 0;
    for (Candidate c : candidates) {
      List<Chunker.Chunk> chunks;
      try {
        chunks = chunk(c);
      } catch (RuntimeException e) {
        failed.put(c.document().id(), "could not be split into chunks: " + e.getMessage());
        continue;
      }
      if (chunks.isEmpty()) {
        failed.put(c.document().id(), "document '" + c.document().id() + "' has no text to index");
        continue;
      }
      pending.add(c);
      pendingChunks.add(chunks);
      pendingCount += chunks.size();
      if (pendingCount >= EMBED_BATCH) {
        embedPending(pending, pendingChunks, out);
        pending.clear();
        pendingChunks.clear();
        pendingCount = 0;
      }
    }
    embedPending(pending, pendingChunks, out);
    return out;
  }

  /**
   * @param c a valid candidate
   * @return the texts its chunks are embedded from
   */
  public List<String> embeddingInputs(Candidate c) {
    List<String> out = new ArrayList<>();
    for (Chunker.Chunk ch : chunk(c)) {
      out.add(settings.contextHeader() ? header(c.document().title(), ch.path()) + "\n" + ch.text() : ch.text());
    }
    return out;
  }

  /**
   * @param c a valid candidate
   * @return how many chunks it makes
   */
  public int chunkCount(Candidate c) {
    return chunk(c).size();
  }

  private List<Chunker.Chunk> chunk(Candidate c) {
    String title = c.document().title();
    return chunker().chunk(c.sections(), s -> settings.contextHeader() ? tokens(header(title, s.path())) + 1 : 0);
  }

  private void embedPending(List<Candidate> pending, List<List<Chunker.Chunk>> chunks, List<Embedded> out) {
    if (pending.isEmpty()) {
      return;
    }
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      String title = pending.get(i).document().title();
      for (Chunker.Chunk ch : chunks.get(i)) {
        inputs.add(settings.contextHeader() ? header(title, ch.path()) + "\n" + ch.text() : ch.text());
      }
    }
    List<float[]> vectors = embedder.embed(inputs);
    int at = 0;
    for (int i = 0; i < pending.size(); i++) {
      List<float[]> mine = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (int j = 0; j < chunks.get(i).size(); j++) {
        keys.add(ContentHash.of(embedder.name(), inputs.get(at)).hex());
        mine.add(Vectors.unit(vectors.get(at++)));
      }
      out.add(new Embedded(pending.get(i), chunks.get(i), mine, keys, Vectors.unitMean(mine)));
    }
  }

  /** The context header of a chunk: the document title and the innermost heading, kept short. */
  String header(String title, List<String> path) {
    String h = path.isEmpty() ? title : title + " — " + path.get(path.size() - 1);
    int t = tokens(h);
    if (t > MAX_HEADER_TOKENS) {
      h = h.substring(0, Math.max(1, h.length() * MAX_HEADER_TOKENS / t));
    }
    return h;
  }

  /**
   * @param text a text
   * @return its unit vector
   */
  public float[] embedOne(String text) {
    return Vectors.unit(embedder.embed(List.of(text)).get(0));
  }

  /**
   * Scores an embedded document and decides whether it is held back.
   *
   * @param e the embedded document
   * @param topic the unit vector of the knowledge base's name
   * @param version its new version
   * @param nearDuplicateOf the document it nearly duplicates, or null
   * @param minhash its signature
   * @return the prepared document
   */
  public PreparedDocument finish(Embedded e, float[] topic, long version, String nearDuplicateOf, long[] minhash) {
    Instant now = clock.instant();
    KnowledgeDocument d = e.candidate().document();
    DocumentQuality q = quality.assess(d, e.documentVector(), topic, now);
    KnowledgeDocument scored = new KnowledgeDocument(d.id(), d.title(), d.content(), d.type(), d.category(), d.tags(),
        d.metadata(), q, d.lastReviewed(), d.reviewStatus());
    boolean held = q.score() < settings.minQualityScore() || d.reviewStatus() == ReviewStatus.REJECTED;
    return new PreparedDocument(scored, e.candidate().format(), e.candidate().sections(), e.chunks(), e.vectors(),
        e.vectorKeys(), minhash, nearDuplicateOf, held, now, version, sha256(d.content()));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Reads the dates parsers report: ISO-8601 with or without an offset (then UTC). */
  static Instant instant(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e1) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        try {
          return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e3) {
          return null;
        }
      }
    }
  }

  private static String baseName(String name) {
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return name.substring(slash + 1);
  }

  private static String stem(String base) {
    int dot = base.lastIndexOf('.');
    return dot <= 0 ? base : base.substring(0, dot);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
