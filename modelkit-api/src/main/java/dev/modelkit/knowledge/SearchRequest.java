package dev.modelkit.knowledge;

import dev.modelkit.config.Checks;

/**
 * A knowledge base query. The caller is not part of it: the knowledge base view is bound to the
 * caller, and only chunks of documents the caller may read are ranked at all.
 *
 * @param query the text, at most 4,096 characters
 * @param k how many chunks, 1 to 1000
 * @param mode how to rank; hybrid when absent
 * @param filters restrictions on the documents searched; none when absent
 */
public record SearchRequest(String query, int k, SearchMode mode, SearchFilters filters) {

  /** The longest query accepted; longer text belongs in a document, not a query. */
  public static final int MAX_QUERY_CHARS = 4096;

  /**
   * Validates and applies defaults.
   *
   * @throws dev.modelkit.ConfigurationException if the query is blank or too long, or k is out of
   *     range
   */
  public SearchRequest {
    Checks c = new Checks("SearchRequest");
    c.notBlank("query", query);
    c.check(query == null || query.length() <= MAX_QUERY_CHARS, "query",
        query == null ? null : query.length() + " characters", "be at most " + MAX_QUERY_CHARS + " characters");
    c.between("k", k, 1, 1000);
    c.throwIfAny();
    mode = mode == null ? SearchMode.HYBRID : mode;
    filters = filters == null ? SearchFilters.none() : filters;
  }

  /**
   * @param query the text
   * @param k how many
   * @return a hybrid query with no filters
   */
  public static SearchRequest of(String query, int k) {
    return new SearchRequest(query, k, SearchMode.HYBRID, SearchFilters.none());
  }

  /**
   * @param query the text
   * @param k how many
   * @param mode how to rank
   * @return a query with no filters
   */
  public static SearchRequest of(String query, int k, SearchMode mode) {
    return new SearchRequest(query, k, mode, SearchFilters.none());
  }

  /**
   * @param value the filters
   * @return a copy with them
   */
  public SearchRequest withFilters(SearchFilters value) {
    return new SearchRequest(query, k, mode, value);
  }

  /**
   * @param value the mode
   * @return a copy with it
   */
  public SearchRequest withMode(SearchMode value) {
    return new SearchRequest(query, k, value, filters);
  }
}
