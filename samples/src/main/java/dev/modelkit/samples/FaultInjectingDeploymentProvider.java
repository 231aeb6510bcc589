package dev.modelkit.samples;

import dev.modelkit.deployment.DeploymentManager;
import dev.modelkit.deployment.ModelLoader;
import dev.modelkit.deployment.RegistryModelLoader;
import dev.modelkit.deployment.StageMetrics;
import dev.modelkit.deployment.internal.ModelEndpoint;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.DeploymentEngine;
import dev.modelkit.spi.DeploymentTargetProvider;
import dev.modelkit.spi.ProviderContext;
import dev.modelkit.spi.ServiceContext;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * For the quickstart only: the standard deployment engine whose loader wraps one armed model
 * version so that a share of its predictions fail, as a deliberately faulty release would. Its
 * health checks still pass (they call the real model), so only live traffic finds the fault.
 *
 * <p>Never the default (rank 1000): a runtime uses it only when {@code modelkit.deployment.target}
 * names it, and it injects nothing until {@link #arm} names a version.
 */
public final class FaultInjectingDeploymentProvider implements DeploymentTargetProvider {
  /** The provider's name, for {@code modelkit.deployment.target}. */
  public static final String NAME = "quickstart-fault-injection";

  private static volatile Fault armed;

  /** Which version fails, how often, from which seed. */
  private record Fault(String modelId, String version, double rate, long seed) {}

  /**
   * Makes every replica of a version loaded from now on fail a share of its predictions.
   *
   * @param modelId the model
   * @param version the version to make faulty
   * @param rate the share of predictions that fail, in (0, 1)
   * @param seed the seed of the failures, so a run is reproducible
   */
  public static void arm(String modelId, String version, double rate, long seed) {
    if (!(rate > 0 && rate < 1)) {
      throw new IllegalArgumentException("rate must be in (0, 1), was " + rate);
    }
    armed = new Fault(modelId, version, rate, seed);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int rank() {
    return 1000;
  }

  @Override
  public DeploymentEngine create(ProviderContext context) {
    long tick = Long.parseLong(context.settings().getOrDefault("modelkit.deployment.tickMillis", "1000"));
    int minSamples = Integer.parseInt(context.settings().getOrDefault("modelkit.deployment.minSamples", "100"));
    return new DeploymentManager(new FaultyLoader(new RegistryModelLoader()), StageMetrics.MONITORING, context.clock(),
        Duration.ofMillis(tick), minSamples, 0.01);
  }

  /** Loads through the registry and wraps the armed version. */
  private static final class FaultyLoader implements ModelLoader {
    private final ModelLoader delegate;

    FaultyLoader(ModelLoader delegate) {
      this.delegate = delegate;
    }

    @Override
    public ModelEndpoint load(ServiceContext context, ModelVersion version) {
      ModelEndpoint real = delegate.load(context, version);
      Fault f = armed;
      if (f != null && f.modelId().equals(version.modelId()) && f.version().equals(version.version())) {
        return new Faulty(real, f.rate(), f.seed());
      }
      return real;
    }

    @Override
    public void probe(ModelEndpoint endpoint) throws Exception {
      delegate.probe(endpoint instanceof Faulty f ? f.real : endpoint);
    }
  }

  /** A version that fails a seeded random share of its predictions. */
  private static final class Faulty implements ModelEndpoint {
    private final ModelEndpoint real;
    private final double rate;
    private final SplittableRandom random;

    Faulty(ModelEndpoint real, double rate, long seed) {
      this.real = real;
      this.rate = rate;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public String modelId() {
      return real.modelId();
    }

    @Override
    public String version() {
      return real.version();
    }

    @Override
    public Object predict(Map<String, Object> features) throws Exception {
      boolean fail;
      synchronized (random) {
        fail = random.nextDouble() < rate;
      }
      if (fail) {
        throw new IllegalStateException("injected fault: this release fails " + Math.round(rate * 100) + "% of predictions");
      }
      return real.predict(features);
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
