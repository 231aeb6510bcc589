package dev.modelkit.core.jobs;

import dev.modelkit.ResourceManager;
import dev.modelkit.resources.CostReport;
import dev.modelkit.resources.PoolStatus;
import dev.modelkit.spi.ServiceContext;

/** {@link ResourceManager} bound to one caller. */
final class BoundResourceManager implements ResourceManager {
  private final JobOrchestrator jobs;
  private final ServiceContext ctx;

  BoundResourceManager(JobOrchestrator jobs, ServiceContext ctx) {
    this.jobs = jobs;
    this.ctx = ctx;
  }

  @Override
  public PoolStatus pool() {
    return jobs.pool(ctx);
  }

  @Override
  public CostReport costs() {
    return jobs.costs(ctx);
  }

  @Override
  public void setBudget(double amount) {
    jobs.setBudget(ctx, amount);
  }
}
