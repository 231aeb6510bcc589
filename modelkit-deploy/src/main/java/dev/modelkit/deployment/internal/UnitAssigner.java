package dev.modelkit.deployment.internal;

/**
 * Chooses the version of a route for one unit (a user, session or account) when an outside
 * authority, an A/B experiment, owns the split, and hears how that unit's call went.
 */
public interface UnitAssigner {

  /**
   * @param unitId the routing key of the request; never null
   * @return the index of the version in the route's split
   */
  int pick(String unitId);

  /**
   * Told after the unit's call returned or failed, on the caller's thread; must be cheap.
   *
   * @param unitId the routing key
   * @param versionIndex the version that served
   * @param latencyNanos the model call's duration
   * @param error whether the call failed
   */
  void outcome(String unitId, int versionIndex, long latencyNanos, boolean error);

  /** @return the index of the version that serves requests without a routing key */
  int control();
}
