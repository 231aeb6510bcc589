package dev.modelkit.security;

import dev.modelkit.config.Checks;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who is calling: a user, the roles they hold, and the organisation they act for.
 *
 * <p>Every ModelKit operation runs as a principal; the service is bound to one with {@code
 * ModelKit.service(principal)}. Nothing of another organisation is visible to it.
 *
 * @param userId the caller's user id, for the audit trail
 * @param organizationId the organisation the caller acts for
 * @param roles role names, for example {@code data_scientist}; see {@link Roles}
 */
public record Principal(String userId, String organizationId, Set<String> roles) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}");

  /** Validates the ids and copies the roles. */
  public Principal {
    Checks c = new Checks("Principal");
    c.check(userId != null && ID.matcher(userId).matches(), "userId", userId,
        "be 1 to 128 letters, digits or . _ @ : - starting with a letter or digit");
    c.check(organizationId != null && ID.matcher(organizationId).matches(), "organizationId", organizationId,
        "be 1 to 128 letters, digits or . _ @ : - starting with a letter or digit");
    c.required("roles", roles);
    c.throwIfAny();
    roles = Set.copyOf(roles);
  }

  /**
   * @param userId user id
   * @param organizationId organisation id
   * @param roles role names
   * @return a principal
   */
  public static Principal of(String userId, String organizationId, String... roles) {
    return new Principal(userId, organizationId, Set.of(roles));
  }

  /**
   * The identity ModelKit itself uses for work it does on its own (restart recovery, automatic
   * rollback), so that the audit trail names it.
   *
   * @param organizationId the organisation the work belongs to
   * @return the system principal of that organisation, with the administrator role
   */
  public static Principal system(String organizationId) {
    return new Principal("modelkit-system", organizationId, Set.of(Roles.ADMINISTRATOR));
  }
}
