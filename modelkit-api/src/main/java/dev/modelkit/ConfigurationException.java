package dev.modelkit;

import dev.modelkit.config.Violation;
import java.util.List;

/**
 * A configuration (from JSON or from a builder) is invalid. It carries every problem found, not
 * only the first, so that one round of fixes is enough; {@link #getMessage()} lists them one per
 * line, each naming the path, the value and what was expected.
 */
public class ConfigurationException extends ModelKitException {
  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  /**
   * @param subject what was being validated, for example {@code TrainingConfiguration}
   * @param violations every problem found; must not be empty
   */
  public ConfigurationException(String subject, List<Violation> violations) {
    super(format(subject, violations));
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a ConfigurationException needs at least one violation");
    }
    this.violations = List.copyOf(violations);
  }

  /**
   * A configuration problem that is not tied to one field value, for example an unreadable file.
   *
   * @param message the complete message
   * @param cause the underlying failure, may be null
   */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
    this.violations = List.of();
  }

  /** @return every problem found, in the order they were found; empty for a file-level problem */
  public List<Violation> violations() {
    return violations;
  }

  private static String format(String subject, List<Violation> violations) {
    StringBuilder sb = new StringBuilder("Invalid ").append(subject).append(" (")
        .append(violations.size()).append(violations.size() == 1 ? " problem):" : " problems):");
    for (Violation v : violations) {
      sb.append("\n  - ").append(v.message());
    }
    return sb.toString();
  }
}
