package dev.modelkit.monitoring;

import dev.modelkit.config.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A threshold rule over a model's monitoring metrics, evaluated each time a window closes.
 *
 * <p>The condition is a small expression, never evaluated as code: comparisons of a metric with
 * a number joined by {@code and} / {@code or}, for example {@code error_rate > 0.05}, {@code
 * latency_p99 > 200ms}, {@code psi(annual_inc) > 0.2}, {@code zscore(latency_p99) > 3.5 and
 * predictions >= 100}. The metrics and units are listed in the core module's README; a condition
 * that does not parse is rejected with a message pointing at the column.
 *
 * @param name the rule's name, unique per model
 * @param condition the condition
 * @param forDuration how long the condition must hold (over consecutive windows) before the alert
 *     is raised; zero raises it on the first window where it holds
 * @param coolDown after raising, how long before the rule may raise again
 * @param actions what to ask for: {@code alert}, {@code rollback} (the deploy module rolls the
 *     version back), {@code retrain} (a retraining trigger)
 */
public record AlertRule(String name, String condition, Duration forDuration, Duration coolDown, List<String> actions) {
  /** The actions an alert can request. */
  public static final Set<String> ACTIONS = Set.of("alert", "rollback", "retrain");

  /** Validates and defaults: no for-duration, no cool-down, action {@code alert}. */
  public AlertRule {
    Checks c = new Checks("AlertRule");
    c.check(name != null && name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}"), "name", name,
        "be 1 to 64 letters, digits, spaces or . _ - starting with a letter or digit");
    c.notBlank("condition", condition);
    c.check(forDuration == null || !forDuration.isNegative(), "forDuration", forDuration, "not be negative");
    c.check(coolDown == null || !coolDown.isNegative(), "coolDown", coolDown, "not be negative");
    if (actions != null) {
      for (int i = 0; i < actions.size(); i++) {
        c.check(actions.get(i) != null && ACTIONS.contains(actions.get(i)), "actions[" + i + "]", actions.get(i),
            "be one of alert, rollback, retrain");
      }
    }
    c.throwIfAny();
    forDuration = forDuration == null ? Duration.ZERO : forDuration;
    coolDown = coolDown == null ? Duration.ZERO : coolDown;
    actions = actions == null || actions.isEmpty() ? List.of("alert") : List.copyOf(actions);
  }

  /**
   * @param name the rule's name
   * @param condition the condition
   * @param actions the actions
   * @return a rule with no for-duration and no cool-down
   */
  public static AlertRule of(String name, String condition, String... actions) {
    return new AlertRule(name, condition, Duration.ZERO, Duration.ZERO, List.of(actions));
  }
}
