package dev.modelkit.core.pipeline.internal;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.security.Principal;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.PrivacyConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Enforces who may read a data set: each source's {@code permissions} (roles) and the privacy
 * configuration's {@code accessControl} (roles or user ids). Both must let the caller in.
 */
public final class AccessControl {
  private AccessControl() {}

  /**
   * @param caller who reads
   * @param sources the data sources
   * @param privacy the privacy configuration, or null
   * @throws AccessDeniedException naming the sources or the access list and the caller's roles
   */
  public static void require(Principal caller, List<DataSource> sources, PrivacyConfig privacy) {
    List<String> denied = new ArrayList<>();
    for (DataSource s : sources) {
      if (!s.permissions().isEmpty() && s.permissions().stream().noneMatch(caller.roles()::contains)) {
        denied.add("'" + s.id() + "' (allowed roles: " + s.permissions() + ")");
      }
    }
    if (!denied.isEmpty()) {
      throw new AccessDeniedException("User '" + caller.userId() + "' with roles " + caller.roles()
          + " may not read data source" + (denied.size() == 1 ? " " : "s ") + String.join(", ", denied)
          + "; ask an administrator for one of the allowed roles");
    }
    if (privacy != null && !allowed(caller, privacy)) {
      throw new AccessDeniedException("User '" + caller.userId() + "' with roles " + caller.roles()
          + " is not on the data set's privacyConfig.accessControl " + privacy.accessControl()
          + "; add the user or one of their roles to it, or ask for a listed role");
    }
  }

  /**
   * @param caller who reads
   * @param privacy the privacy configuration
   * @return whether the access list is empty or names the caller or one of their roles
   */
  public static boolean allowed(Principal caller, PrivacyConfig privacy) {
    List<String> list = privacy.accessControl();
    return list.isEmpty() || list.contains(caller.userId()) || list.stream().anyMatch(caller.roles()::contains);
  }
}
