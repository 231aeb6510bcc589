package dev.modelkit.core.config;

import dev.modelkit.deploy.DeploymentTarget;
import dev.modelkit.deploy.RolloutStrategy;

/**
 * Test-only shape of the seed's "Model Deployment" example: the target and rollout strategy handed
 * to deployModel.
 *
 * @param deploymentTarget where
 * @param rolloutStrategy how
 */
public record DeploymentSetup(DeploymentTarget deploymentTarget, RolloutStrategy rolloutStrategy) {}
