package dev.modelkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.modelkit.config.Violation;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

/** Test helper: asserts the exact violation messages a constructor throws. */
public final class Violations {
  private Violations() {}

  /**
   * @param construct builds the invalid object
   * @param messages every expected {@link Violation#message()}, in order
   */
  public static void assertViolations(Executable construct, String... messages) {
    ConfigurationException e = assertThrows(ConfigurationException.class, construct);
    assertEquals(List.of(messages), e.violations().stream().map(Violation::message).collect(Collectors.toList()));
  }
}
