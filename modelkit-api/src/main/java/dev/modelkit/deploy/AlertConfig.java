package dev.modelkit.deploy;

import dev.modelkit.config.Checks;
import java.util.List;

/**
 * An alert rule of a deployment, as in the seed.
 *
 * @param name rule name
 * @param condition the rule, for example {@code error_rate > 0.05}
 * @param threshold the threshold, informational (the condition is authoritative)
 * @param actions what to do, for example {@code alert} and {@code rollback}
 */
public record AlertConfig(String name, String condition, Double threshold, List<String> actions) {
  /** Validates. */
  public AlertConfig {
    Checks c = new Checks("AlertConfig");
    c.notBlank("name", name);
    c.notBlank("condition", condition);
    c.noBlanks("actions", actions);
    c.throwIfAny();
    actions = actions == null ? List.of("alert") : List.copyOf(actions);
  }
}
