package dev.modelkit.core;

import dev.modelkit.core.internal.RuntimeServices;

/** Lets pipeline tests in other packages reach a runtime's stores, as {@link TestModels} does here. */
public final class PipelineTestAccess {
  private PipelineTestAccess() {}

  /**
   * @param kit a runtime
   * @return its stores and factories
   */
  public static RuntimeServices services(ModelKit kit) {
    return kit.runtimeServices();
  }
}
