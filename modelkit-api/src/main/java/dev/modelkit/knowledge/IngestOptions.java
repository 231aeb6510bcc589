package dev.modelkit.knowledge;

import dev.modelkit.config.Checks;
import java.util.List;
import java.util.Map;

/**
 * How files and streams become knowledge documents: the properties every document of the batch
 * gets, and options for the parsers.
 *
 * <p>Parser options understood by the built-in parsers:
 *
 * <ul>
 *   <li>{@code csv.layout}: {@code row} (default, one document per data row) or {@code file} (one
 *       document per file)
 *   <li>{@code csv.textColumns}: comma-separated columns that form the text (default: all)
 *   <li>{@code csv.titleColumn}, {@code csv.idColumn}: columns giving each row's title and id
 *   <li>{@code csv.delimiter}: one character (default {@code ,})
 *   <li>{@code text.charset}: the charset of text files when it cannot be detected (default: UTF-8
 *       if the bytes are valid UTF-8, else windows-1252)
 * </ul>
 *
 * @param type the type of every document
 * @param category the category, or null
 * @param tags tags
 * @param metadata author, classification and allowed readers; a file's own author and dates fill
 *     the fields left null here
 * @param reviewStatus review state; draft when absent
 * @param parserOptions options for the parsers, see above
 */
public record IngestOptions(
    DocumentType type, String category, List<String> tags, DocumentMetadata metadata,
    ReviewStatus reviewStatus, Map<String, String> parserOptions) {

  /**
   * Validates and applies defaults.
   *
   * @throws dev.modelkit.ConfigurationException if the type is missing or a tag is blank
   */
  public IngestOptions {
    Checks c = new Checks("IngestOptions");
    c.required("type", type);
    c.noBlanks("tags", tags);
    c.throwIfAny();
    tags = tags == null ? List.of() : List.copyOf(tags);
    metadata = metadata == null ? new DocumentMetadata(null, null, null, null, null, null, null, null) : metadata;
    reviewStatus = reviewStatus == null ? ReviewStatus.DRAFT : reviewStatus;
    parserOptions = parserOptions == null ? Map.of() : Map.copyOf(parserOptions);
  }

  /**
   * @param type the type of every document
   * @return options with no category, tags or metadata, classification {@code internal}
   */
  public static IngestOptions of(DocumentType type) {
    return new IngestOptions(type, null, null, null, null, null);
  }

  /**
   * @param value the metadata (classification, allowed roles and users)
   * @return a copy with it
   */
  public IngestOptions withMetadata(DocumentMetadata value) {
    return new IngestOptions(type, category, tags, value, reviewStatus, parserOptions);
  }

  /**
   * @param value the category
   * @param tagValues the tags
   * @return a copy with them
   */
  public IngestOptions withCategory(String value, String... tagValues) {
    return new IngestOptions(type, value, List.of(tagValues), metadata, reviewStatus, parserOptions);
  }

  /**
   * @param value parser options
   * @return a copy with them
   */
  public IngestOptions withParserOptions(Map<String, String> value) {
    return new IngestOptions(type, category, tags, metadata, reviewStatus, value);
  }

  /**
   * @param value review state
   * @return a copy with it
   */
  public IngestOptions withReviewStatus(ReviewStatus value) {
    return new IngestOptions(type, category, tags, metadata, value, parserOptions);
  }
}
