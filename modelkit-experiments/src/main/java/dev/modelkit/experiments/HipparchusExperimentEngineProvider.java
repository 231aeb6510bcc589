package dev.modelkit.experiments;

import dev.modelkit.ConfigurationException;
import dev.modelkit.config.Checks;
import dev.modelkit.spi.ExperimentEngine;
import dev.modelkit.spi.ExperimentEngineProvider;
import dev.modelkit.spi.ProviderContext;

/**
 * Registers {@link HipparchusExperimentEngine} under the name {@code hipparchus}, rank 0 (the
 * default experiment engine). Its statistics go to {@code <home>/hipparchus}.
 *
 * <p>Setting: {@code modelkit.experiments.checkpointBytes}, the log size that triggers a
 * checkpoint (default 64 MiB); smaller values shorten recovery after a crash, larger ones write
 * less.
 */
public final class HipparchusExperimentEngineProvider implements ExperimentEngineProvider {
  /** The provider's name. */
  public static final String NAME = "hipparchus";
  /** The setting naming the checkpoint size. */
  public static final String CHECKPOINT_BYTES = "modelkit.experiments.checkpointBytes";

  /** Creates the provider; ServiceLoader calls this. */
  public HipparchusExperimentEngineProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int rank() {
    return 0;
  }

  /**
   * @throws ConfigurationException if the checkpoint setting is not a positive number
   */
  @Override
  public ExperimentEngine create(ProviderContext context) {
    String setting = context.settings().get(CHECKPOINT_BYTES);
    long bytes = HipparchusExperimentEngine.DEFAULT_CHECKPOINT_BYTES;
    if (setting != null) {
      Checks c = new Checks("settings");
      long parsed = -1;
      try {
        parsed = Long.parseLong(setting.trim());
      } catch (NumberFormatException e) {
        // reported below
      }
      c.check(parsed >= 4096, CHECKPOINT_BYTES, setting, "be a whole number of bytes, at least 4096");
      c.throwIfAny();
      bytes = parsed;
    }
    return new HipparchusExperimentEngine(context.home().resolve(NAME), context.clock(), bytes,
        () -> "exp-" + java.util.UUID.randomUUID());
  }
}
