package dev.modelkit.core.governance;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.security.RolePolicy;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Checks a caller against the runtime's {@link RolePolicy} and their organisation, with messages
 * that name the user, their roles, the permission, the operation and the roles that would grant it.
 */
public final class Authorizer {
  private final RolePolicy policy;

  /** @param policy the role mapping */
  public Authorizer(RolePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** @return the role mapping */
  public RolePolicy policy() {
    return policy;
  }

  /**
   * @param principal the caller
   * @param permission what the operation needs
   * @param operation the operation, for example {@code createTrainingJob}
   * @throws AccessDeniedException if none of the caller's roles grants the permission
   */
  public void require(Principal principal, Permission permission, String operation) {
    if (!policy.allows(principal, permission)) {
      TreeSet<String> granting = new TreeSet<>();
      for (String role : policy.roles()) {
        if (policy.permissionsOf(role).contains(permission)) {
          granting.add(role);
        }
      }
      throw new AccessDeniedException("User '" + principal.userId() + "' (roles " + new TreeSet<>(principal.roles())
          + ") lacks permission '" + permission.wireName() + "' for " + operation + " in organisation '"
          + principal.organizationId() + "'. Roles that grant it: " + granting + ".");
    }
  }

  /**
   * @param principal the caller
   * @param organizationId the organisation an operation names
   * @param operation the operation
   * @throws AccessDeniedException if it is not the caller's own organisation
   */
  public void requireOwnOrganisation(Principal principal, String organizationId, String operation) {
    if (!principal.organizationId().equals(organizationId)) {
      throw new AccessDeniedException("User '" + principal.userId() + "' acts for organisation '"
          + principal.organizationId() + "' and may not " + operation + " for organisation '" + organizationId
          + "'. Use a principal of that organisation.");
    }
  }
}
