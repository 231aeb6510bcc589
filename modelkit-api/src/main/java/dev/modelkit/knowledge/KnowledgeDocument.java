package dev.modelkit.knowledge;

import dev.modelkit.config.Checks;
import java.time.Instant;
import java.util.List;

/**
 * A document of a knowledge base, as in the seed.
 *
 * @param id unique within the knowledge base
 * @param title title
 * @param content the text
 * @param type policy, procedure, regulation, case study or template
 * @param category free-form category
 * @param tags tags
 * @param metadata descriptive and access-control metadata
 * @param quality quality scores, or null until computed
 * @param lastReviewed when it was last reviewed
 * @param reviewStatus review state
 */
public record KnowledgeDocument(
    String id, String title, String content, DocumentType type, String category, List<String> tags,
    DocumentMetadata metadata, DocumentQuality quality, Instant lastReviewed, ReviewStatus reviewStatus) {

  /** Validates and applies defaults. */
  public KnowledgeDocument {
    Checks c = new Checks("KnowledgeDocument");
    c.notBlank("id", id);
    c.required("content", content);
    c.required("type", type);
    c.noBlanks("tags", tags);
    c.throwIfAny();
    title = title == null ? id : title;
    tags = tags == null ? List.of() : List.copyOf(tags);
    metadata = metadata == null ? new DocumentMetadata(null, null, null, null, null, null, null, null) : metadata;
    reviewStatus = reviewStatus == null ? ReviewStatus.DRAFT : reviewStatus;
  }
}
