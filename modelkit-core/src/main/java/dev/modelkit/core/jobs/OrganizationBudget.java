package dev.modelkit.core.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * An organisation's compute budget as stored in the metadata store (kind {@value #KIND}, id = the
 * organisation id, status {@code within} or {@code exceeded}).
 *
 * @param organizationId the organisation
 * @param amount the budget, 0 or more, in {@code currency}
 * @param currency the currency of the configured prices when it was set
 * @param exceeded whether spending has crossed it and the alert for this crossing was raised
 * @param updatedAt when it was last set or crossed
 */
public record OrganizationBudget(String organizationId, double amount, String currency, boolean exceeded, Instant updatedAt) {
  /** The metadata kind budgets are stored under. */
  public static final String KIND = "budget";

  /** Validates the fields. */
  public OrganizationBudget {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (!(amount >= 0) || !Double.isFinite(amount)) {
      throw new IllegalArgumentException("budget was " + amount + " but it must be a finite amount, 0 or more");
    }
  }

  /** @return the status column value */
  String status() {
    return exceeded ? "exceeded" : "within";
  }
}
