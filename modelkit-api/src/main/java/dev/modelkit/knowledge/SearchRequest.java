package dev.modelkit.knowledge;

import dev.modelkit.config.Checks;
import java.util.Map;

/**
 * A knowledge base query.
 *
 * @param query the text
 * @param k how many chunks, 1 to 1000
 * @param mode how to rank; hybrid when absent
 * @param filters field to required value: {@code type}, {@code category}, {@code tag}, {@code
 *     classification}
 */
public record SearchRequest(String query, int k, SearchMode mode, Map<String, String> filters) {
  /** Validates. */
  public SearchRequest {
    Checks c = new Checks("SearchRequest");
    c.notBlank("query", query);
    c.between("k", k, 1, 1000);
    c.throwIfAny();
    mode = mode == null ? SearchMode.HYBRID : mode;
    filters = filters == null ? Map.of() : Map.copyOf(filters);
  }

  /**
   * @param query the text
   * @param k how many
   * @return a hybrid query with no filters
   */
  public static SearchRequest of(String query, int k) {
    return new SearchRequest(query, k, SearchMode.HYBRID, Map.of());
  }
}
