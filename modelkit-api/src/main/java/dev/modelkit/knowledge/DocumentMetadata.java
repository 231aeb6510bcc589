package dev.modelkit.knowledge;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Descriptive and access-control metadata of a knowledge document.
 *
 * @param author author
 * @param department owning department
 * @param lastModified when the content last changed
 * @param version the document's own version label
 * @param classification confidentiality class, for example {@code public}, {@code internal},
 *     {@code confidential}, {@code restricted}
 * @param allowedRoles roles that may read it; empty means every role of the organisation
 * @param allowedUsers users that may read it regardless of role
 * @param extra any other metadata
 */
public record DocumentMetadata(
    String author, String department, Instant lastModified, String version, String classification,
    List<String> allowedRoles, List<String> allowedUsers, Map<String, String> extra) {

  /** Copies the collections and defaults the classification to {@code internal}. */
  public DocumentMetadata {
    classification = classification == null ? "internal" : classification;
    allowedRoles = allowedRoles == null ? List.of() : List.copyOf(allowedRoles);
    allowedUsers = allowedUsers == null ? List.of() : List.copyOf(allowedUsers);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }
}
