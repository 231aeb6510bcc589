package dev.modelkit.deployment;

import dev.modelkit.spi.DeploymentEngine;
import dev.modelkit.spi.DeploymentTargetProvider;
import dev.modelkit.spi.ProviderContext;
import java.time.Duration;

/**
 * Provides the {@link DeploymentManager} with the registry loader and monitoring evidence.
 *
 * <p>Settings: {@code modelkit.deployment.tickMillis} (how often rollouts advance, default 1000),
 * {@code modelkit.deployment.minSamples} (predictions a canary stage needs, default 100), {@code
 * modelkit.deployment.alpha} (significance of the canary-versus-live test, default 0.01).
 */
public final class DefaultDeploymentProvider implements DeploymentTargetProvider {

  @Override
  public String name() {
    return "default";
  }

  @Override
  public int rank() {
    return 0;
  }

  @Override
  public DeploymentEngine create(ProviderContext context) {
    long tick = Long.parseLong(context.settings().getOrDefault("modelkit.deployment.tickMillis", "1000"));
    int minSamples = Integer.parseInt(context.settings().getOrDefault("modelkit.deployment.minSamples", "100"));
    double alpha = Double.parseDouble(context.settings().getOrDefault("modelkit.deployment.alpha", "0.01"));
    return new DeploymentManager(new RegistryModelLoader(), StageMetrics.MONITORING, context.clock(),
        Duration.ofMillis(tick), minSamples, alpha);
  }
}
