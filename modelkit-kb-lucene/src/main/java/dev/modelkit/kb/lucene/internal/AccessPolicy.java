package dev.modelkit.kb.lucene.internal;

import dev.modelkit.knowledge.DocumentMetadata;
import dev.modelkit.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Who may read a document. A caller may read it when
 *
 * <ol>
 *   <li>the caller's user id is among the document's allowed users, or
 *   <li>the caller's clearance reaches the document's classification and, if the document lists
 *       allowed roles, the caller holds one of them.
 * </ol>
 *
 * <p>A caller's clearance is the highest classification any of their roles is cleared for
 * (configured per role, else the default clearance). The rule is evaluated inside Lucene as a
 * filter query over fields indexed with every chunk, so that ranking only ever sees readable
 * chunks; {@link #permits} evaluates the same rule in Java for single-document checks and tests.
 */
public final class AccessPolicy {

  /** The role value indexed for a document open to every role. */
  static final String ANY_ROLE = "*";

  private final List<String> levels;
  private final Map<String, String> clearances;
  private final String defaultClearance;

  /**
   * @param levels classifications, least secret first, lower case
   * @param clearances role to its highest readable classification
   * @param defaultClearance the clearance of roles not listed
   */
  public AccessPolicy(List<String> levels, Map<String, String> clearances, String defaultClearance) {
    this.levels = List.copyOf(levels);
    this.clearances = Map.copyOf(clearances);
    this.defaultClearance = defaultClearance;
  }

  /** @return the classification levels, least secret first */
  public List<String> levels() {
    return levels;
  }

  /**
   * @param classification a classification
   * @return its normalised spelling
   * @throws IllegalArgumentException naming the known levels if it is not one of them
   */
  public String normalize(String classification) {
    String c = classification.strip().toLowerCase(Locale.ROOT);
    if (!levels.contains(c)) {
      throw new IllegalArgumentException("classification was '" + classification + "' but it must be one of "
          + levels + " (configure more with modelkit.knowledge.classifications)");
    }
    return c;
  }

  /**
   * @param principal the caller
   * @return the index of the highest classification the caller may read
   */
  public int clearance(Principal principal) {
    int best = levels.indexOf(defaultClearance);
    for (String role : principal.roles()) {
      String level = clearances.get(role);
      if (level != null) {
        best = Math.max(best, levels.indexOf(level));
      }
    }
    return best;
  }

  /**
   * @param principal the caller
   * @param metadata a document's metadata
   * @return whether the caller may read the document
   */
  public boolean permits(Principal principal, DocumentMetadata metadata) {
    if (metadata.allowedUsers().contains(principal.userId())) {
      return true;
    }
    int level = levels.indexOf(metadata.classification().toLowerCase(Locale.ROOT));
    if (level < 0 || level > clearance(principal)) {
      return false;
    }
    if (metadata.allowedRoles().isEmpty()) {
      return true;
    }
    for (String role : metadata.allowedRoles()) {
      if (principal.roles().contains(role)) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param principal the caller
   * @return a filter matching exactly the documents (chunks and records) the caller may read
   */
  public Query filter(Principal principal) {
    List<BytesRef> readable = new ArrayList<>();
    int clearance = clearance(principal);
    for (int i = 0; i <= clearance && i < levels.size(); i++) {
      readable.add(new BytesRef(levels.get(i)));
    }
    List<BytesRef> roles = new ArrayList<>();
    roles.add(new BytesRef(ANY_ROLE));
    for (String r : new TreeSet<>(principal.roles())) {
      roles.add(new BytesRef(r));
    }
    BooleanQuery.Builder byRole = new BooleanQuery.Builder()
        .add(new TermInSetQuery(IndexFields.CLASSIFICATION, readable), Occur.FILTER)
        .add(new TermInSetQuery(IndexFields.ACL_ROLE, roles), Occur.FILTER);
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(IndexFields.ACL_USER, principal.userId())), Occur.SHOULD)
        .add(byRole.build(), Occur.SHOULD)
        .setMinimumNumberShouldMatch(1)
        .build();
  }

  /**
   * @param principal the caller
   * @return a key equal for callers the filter treats alike, for caching per-caller statistics
   */
  public String cacheKey(Principal principal) {
    return principal.userId() + "|" + clearance(principal) + "|" + new TreeSet<>(principal.roles());
  }
}
