package dev.modelkit.knowledge;

import dev.modelkit.config.Checks;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Restricts a knowledge base search to documents with the given properties. Every restriction is
 * optional; an empty set or a null instant means "any". Restrictions combine with AND.
 *
 * @param types the document must be of one of these types
 * @param categories the document's category must be one of these
 * @param tags the document must carry every one of these tags
 * @param classifications the document's classification must be one of these
 * @param modifiedFrom the document's last modification (its ingestion time when it has none) must
 *     be at or after this instant
 * @param modifiedTo ... and strictly before this instant
 */
public record SearchFilters(
    Set<DocumentType> types, Set<String> categories, Set<String> tags, Set<String> classifications,
    Instant modifiedFrom, Instant modifiedTo) {

  private static final SearchFilters NONE = new SearchFilters(null, null, null, null, null, null);

  /**
   * Validates and copies.
   *
   * @throws dev.modelkit.ConfigurationException if a value is blank or the date range is empty
   */
  public SearchFilters {
    Checks c = new Checks("SearchFilters");
    c.noBlanks("categories", categories);
    c.noBlanks("tags", tags);
    c.noBlanks("classifications", classifications);
    c.check(modifiedFrom == null || modifiedTo == null || modifiedFrom.isBefore(modifiedTo),
        "modifiedTo", modifiedTo, "be after modifiedFrom (" + modifiedFrom + ")");
    c.throwIfAny();
    types = types == null ? Set.of() : Set.copyOf(types);
    categories = categories == null ? Set.of() : Set.copyOf(categories);
    tags = tags == null ? Set.of() : Set.copyOf(tags);
    classifications = classifications == null ? Set.of() : Set.copyOf(classifications);
  }

  /** @return filters that restrict nothing */
  public static SearchFilters none() {
    return NONE;
  }

  /** @return whether no restriction is set */
  public boolean isEmpty() {
    return types.isEmpty() && categories.isEmpty() && tags.isEmpty() && classifications.isEmpty()
        && modifiedFrom == null && modifiedTo == null;
  }

  /**
   * @param value allowed types
   * @return a copy restricted to them
   */
  public SearchFilters withTypes(DocumentType... value) {
    Set<DocumentType> set = value.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(value));
    return new SearchFilters(set, categories, tags, classifications, modifiedFrom, modifiedTo);
  }

  /**
   * @param value allowed categories
   * @return a copy restricted to them
   */
  public SearchFilters withCategories(String... value) {
    return new SearchFilters(types, Set.copyOf(List.of(value)), tags, classifications, modifiedFrom, modifiedTo);
  }

  /**
   * @param value tags that must all be present
   * @return a copy restricted to documents carrying them
   */
  public SearchFilters withTags(String... value) {
    return new SearchFilters(types, categories, Set.copyOf(List.of(value)), classifications, modifiedFrom, modifiedTo);
  }

  /**
   * @param value allowed classifications
   * @return a copy restricted to them
   */
  public SearchFilters withClassifications(String... value) {
    return new SearchFilters(types, categories, tags, Set.copyOf(List.of(value)), modifiedFrom, modifiedTo);
  }

  /**
   * @param from inclusive lower bound, or null
   * @param to exclusive upper bound, or null
   * @return a copy restricted to documents modified in that range
   */
  public SearchFilters withModified(Instant from, Instant to) {
    return new SearchFilters(types, categories, tags, classifications, from, to);
  }
}
