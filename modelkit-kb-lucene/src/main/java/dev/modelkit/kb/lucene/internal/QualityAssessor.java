package dev.modelkit.kb.lucene.internal;

import dev.modelkit.knowledge.DocumentMetadata;
import dev.modelkit.knowledge.DocumentQuality;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.ReviewStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Computes the seed's quality scores of a document, each between 0 and 1 (docs/decisions/0083):
 *
 * <ul>
 *   <li><b>completeness</b>: half length (full at 150 words; shorter texts are usually fragments),
 *       half descriptive metadata (a real title, author, department, last modification, version,
 *       category, tags: the share present);
 *   <li><b>accuracy</b>: how well-formed the extracted text is: the share of tokens that look like
 *       words or numbers, less the share of characters that betray a broken extraction (the
 *       replacement character, control characters, UTF-8 read as Latin-1);
 *   <li><b>relevance</b>: cosine similarity between the document (mean of its chunk vectors) and
 *       the knowledge base's name, mapped linearly from 0.05..0.50 to 0..1;
 *   <li><b>freshness</b>: 2^(-age / half-life) of the later of last modification and last review;
 *       0.5 when neither is known; halved again when the review status is outdated;
 *   <li><b>score</b>: 0.3 completeness + 0.3 accuracy + 0.2 relevance + 0.2 freshness.
 * </ul>
 */
public final class QualityAssessor {

  private static final Pattern WORD = Pattern.compile("[(\\[\"'“‘]*[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}'’./:@_+#&-]*[)\\]\"'”’.,;:!?%]*");
  private static final Pattern MOJIBAKE = Pattern.compile("Ã[\\u0080-\\u00BF]|â€|Â[\\u00A0-\\u00BF]");

  private final Duration halfLife;

  /** @param halfLife the age at which freshness halves */
  public QualityAssessor(Duration halfLife) {
    this.halfLife = halfLife;
  }

  /**
   * @param doc the document
   * @param documentVector unit mean vector of its chunks
   * @param topicVector unit vector of the knowledge base's name
   * @param now the current time
   * @return the scores
   */
  public DocumentQuality assess(KnowledgeDocument doc, float[] documentVector, float[] topicVector, Instant now) {
    double completeness = completeness(doc);
    double accuracy = accuracy(doc.content());
    double relevance = relevance(documentVector, topicVector);
    double freshness = freshness(doc, now);
    double score = 0.3 * completeness + 0.3 * accuracy + 0.2 * relevance + 0.2 * freshness;
    return new DocumentQuality(round(score), round(completeness), round(accuracy), round(relevance), round(freshness));
  }

  static double completeness(KnowledgeDocument doc) {
    String[] words = doc.content().strip().split("\\s+");
    int n = doc.content().isBlank() ? 0 : words.length;
    double length = Math.min(1.0, n / 150.0);
    DocumentMetadata m = doc.metadata();
    int present = 0;
    present += doc.title() != null && !doc.title().equals(doc.id()) ? 1 : 0;
    present += m.author() != null ? 1 : 0;
    present += m.department() != null ? 1 : 0;
    present += m.lastModified() != null ? 1 : 0;
    present += m.version() != null ? 1 : 0;
    present += doc.category() != null ? 1 : 0;
    present += doc.tags().isEmpty() ? 0 : 1;
    return 0.5 * length + 0.5 * present / 7.0;
  }

  static double accuracy(String text) {
    String[] tokens = text.strip().split("\\s+");
    if (text.isBlank()) {
      return 0;
    }
    int clean = 0;
    for (String t : tokens) {
      if (t.length() <= 40 && WORD.matcher(t).matches()) {
        clean++;
      }
    }
    int broken = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\uFFFD' || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) {
        broken++;
      }
    }
    long mojibake = MOJIBAKE.matcher(text).results().count();
    double penalty = Math.min(1.0, 20.0 * (broken + 2.0 * mojibake) / text.length());
    return Math.max(0, clean / (double) tokens.length - penalty);
  }

  static double relevance(float[] document, float[] topic) {
    if (document == null || topic == null) {
      return 0.5;
    }
    double cos = 0;
    for (int i = 0; i < document.length && i < topic.length; i++) {
      cos += document[i] * topic[i];
    }
    return Math.max(0, Math.min(1, (cos - 0.05) / 0.45));
  }

  double freshness(KnowledgeDocument doc, Instant now) {
    Instant modified = doc.metadata().lastModified();
    Instant reviewed = doc.lastReviewed();
    Instant latest = modified == null ? reviewed : reviewed == null ? modified : (modified.isAfter(reviewed) ? modified : reviewed);
    double f;
    if (latest == null) {
      f = 0.5;
    } else {
      double age = Math.max(0, Duration.between(latest, now).toMillis());
      f = Math.pow(2, -age / halfLife.toMillis());
    }
    return doc.reviewStatus() == ReviewStatus.OUTDATED ? f / 2 : f;
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
