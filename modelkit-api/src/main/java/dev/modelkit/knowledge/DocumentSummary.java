package dev.modelkit.knowledge;

import java.time.Instant;
import java.util.List;

/**
 * A line of a knowledge base's document listing: a document without its content.
 *
 * @param id the document id
 * @param title its title
 * @param type its type
 * @param category its category, or null
 * @param tags its tags
 * @param classification its classification
 * @param format where it came from: {@code pdf}, {@code docx}, {@code odt}, {@code txt}, {@code
 *     csv}, {@code html}, or {@code text} for a document given as text
 * @param chunkCount how many chunks it was split into
 * @param quality its computed quality
 * @param reviewStatus its review state
 * @param heldBack whether it is kept out of search
 * @param nearDuplicateOf the id of an earlier document it nearly duplicates, or null
 * @param lastModified when its content last changed, or null if unknown
 * @param indexedAt when it was last (re)indexed
 * @param version 1 when first stored, incremented by every update of this document
 */
public record DocumentSummary(
    String id, String title, DocumentType type, String category, List<String> tags, String classification,
    String format, int chunkCount, DocumentQuality quality, ReviewStatus reviewStatus, boolean heldBack,
    String nearDuplicateOf, Instant lastModified, Instant indexedAt, long version) {

  /** Copies the tags. */
  public DocumentSummary {
    tags = List.copyOf(tags);
  }
}
