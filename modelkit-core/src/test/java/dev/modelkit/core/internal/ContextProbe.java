package dev.modelkit.core.internal;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.spi.ServiceContext;

/** Lets tests in other packages see the {@link ServiceContext} a service hands its area views. */
public final class ContextProbe {
  /**
   * @param service a service from {@code ModelKit.service}
   * @return its context
   */
  public ServiceContext contextOf(CustomModelTrainingService service) {
    return ((DefaultTrainingService) service).context();
  }
}
