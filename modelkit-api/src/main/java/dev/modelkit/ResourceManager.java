package dev.modelkit;

import dev.modelkit.resources.CostReport;
import dev.modelkit.resources.PoolStatus;

/**
 * The resource pool, the queue of jobs waiting for it, costs and budgets.
 */
public interface ResourceManager {

  /** @return capacity, what is in use, and the queue; needs {@code READ} */
  PoolStatus pool();

  /** @return cost per job and for the organisation, with its budget; needs {@code READ} */
  CostReport costs();

  /**
   * Sets the organisation's budget; an alert is raised when spending crosses it. Needs {@code
   * ADMINISTER}.
   *
   * @param amount the budget in the configured currency, 0 or more
   */
  void setBudget(double amount);
}
