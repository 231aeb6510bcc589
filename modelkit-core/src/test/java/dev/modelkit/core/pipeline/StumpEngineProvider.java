package dev.modelkit.core.pipeline;

import dev.modelkit.spi.ProviderContext;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.spi.TrainingEngineProvider;

/** Provides the {@link StumpEngine} to a ModelKit built with the {@code providers/pipeline} fixture. */
public final class StumpEngineProvider implements TrainingEngineProvider {
  @Override
  public String name() {
    return "stump";
  }

  @Override
  public TrainingEngine create(ProviderContext context) {
    return new StumpEngine();
  }
}
