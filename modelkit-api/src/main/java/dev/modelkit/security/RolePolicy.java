package dev.modelkit.security;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps role names to the permissions they grant. Immutable; {@link #defaults()} is the seed's
 * mapping, {@link #with(String, Set)} derives a changed one.
 *
 * <p>Defaults: {@code data_scientist} may read, train, experiment and manage knowledge; {@code
 * ml_engineer} may read, deploy, monitor and manage the lifecycle; {@code business_user} may read;
 * {@code administrator} may do everything.
 */
public final class RolePolicy {
  private final Map<String, Set<Permission>> grants;

  private RolePolicy(Map<String, Set<Permission>> grants) {
    this.grants = Map.copyOf(grants);
  }

  /** @return the seed's default role mapping */
  public static RolePolicy defaults() {
    Map<String, Set<Permission>> m = new HashMap<>();
    m.put(Roles.DATA_SCIENTIST, Set.copyOf(EnumSet.of(Permission.READ, Permission.TRAIN,
        Permission.EXPERIMENT, Permission.MANAGE_KNOWLEDGE)));
    m.put(Roles.ML_ENGINEER, Set.copyOf(EnumSet.of(Permission.READ, Permission.DEPLOY,
        Permission.MONITOR, Permission.MANAGE_LIFECYCLE)));
    m.put(Roles.BUSINESS_USER, Set.of(Permission.READ));
    m.put(Roles.ADMINISTRATOR, Set.copyOf(EnumSet.allOf(Permission.class)));
    return new RolePolicy(m);
  }

  /** @return a policy that grants nothing to anyone */
  public static RolePolicy empty() {
    return new RolePolicy(Map.of());
  }

  /**
   * @param role a role name
   * @param permissions what it grants, replacing any earlier mapping of the role
   * @return a new policy with that mapping
   */
  public RolePolicy with(String role, Set<Permission> permissions) {
    Map<String, Set<Permission>> m = new HashMap<>(grants);
    m.put(role, Set.copyOf(permissions));
    return new RolePolicy(m);
  }

  /**
   * @param principal the caller
   * @param permission what the operation needs
   * @return whether any of the caller's roles grants it
   */
  public boolean allows(Principal principal, Permission permission) {
    for (String role : principal.roles()) {
      Set<Permission> p = grants.get(role);
      if (p != null && p.contains(permission)) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param role a role name
   * @return what it grants; empty for an unknown role
   */
  public Set<Permission> permissionsOf(String role) {
    return grants.getOrDefault(role, Set.of());
  }

  /** @return every mapped role */
  public Set<String> roles() {
    return grants.keySet();
  }
}
