package dev.modelkit.dashboard;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.security.Principal;

/**
 * Gives the dashboard a {@link CustomModelTrainingService} bound to the person behind each
 * request, so that every page is read and every button acts with that person's own permissions
 * and organisation. With the core module this is {@code modelKit::service}.
 */
@FunctionalInterface
public interface DashboardServices {

  /**
   * @param principal the authenticated caller
   * @return the service bound to that caller; never null
   */
  CustomModelTrainingService serviceFor(Principal principal);
}
