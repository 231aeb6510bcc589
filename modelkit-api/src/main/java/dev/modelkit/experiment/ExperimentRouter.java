package dev.modelkit.experiment;

import java.util.Map;

/**
 * The hot path of an A/B deployment: which variant serves a request. Obtained from {@code
 * Experiments.router()}, bound to the caller's organisation; the deployment module calls it for
 * every request of an {@code ab_test} rollout.
 *
 * <p>Assignment is a pure function of the experiment's salt, allocation history and the unit id
 * (MurmurHash3, see {@code docs/decisions/0051}), so every process routes a unit the same way
 * without sharing state. A unit in the experiment has its first exposure logged; units outside it
 * (draft, paused, stopped, holdout, not targeted, not yet ramped) get the control and are not
 * counted. After a rollback everyone gets the control; after a conclusion everyone gets the
 * winner.
 *
 * <p>Implementations are thread-safe and, once the experiment is loaded and the unit has been
 * seen, allocate nothing for ASCII unit ids.
 */
public interface ExperimentRouter {

  /**
   * @param experimentId the experiment
   * @param unitId the unit (user, session, account); the same id always gets the same variant
   * @param attributes the unit's attributes for targeting; may be empty, not null
   * @return the id of the variant to serve
   * @throws dev.modelkit.NotFoundException if the organisation has no such experiment
   * @throws IllegalArgumentException if the unit id is blank
   * @throws dev.modelkit.StoreException if the exposure log cannot be written
   */
  String variantFor(String experimentId, String unitId, Map<String, String> attributes);
}
