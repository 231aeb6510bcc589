package dev.modelkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ConfigurationException;
import dev.modelkit.training.ObjectiveType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksTest {

  @Test
  void collectsEveryFailureInOrderIntoOneMessage() {
    Checks c = new Checks("Thing");
    c.required("a", null)
        .notBlank("b", " ")
        .positive("c", -2.5)
        .nonNegative("d", -1)
        .atLeast("e", 0, 1)
        .between("f", 1.7, 0, 1)
        .noBlanks("g", Arrays.asList("x", "", null))
        .check(false, "h", ObjectiveType.FINE_TUNING, "be something else");
    ConfigurationException e = assertThrows(ConfigurationException.class, c::throwIfAny);
    assertEquals("Invalid Thing (9 problems):\n"
        + "  - a was missing but it must be present\n"
        + "  - b was ' ' but it must not be blank\n"
        + "  - c was '-2.5' but it must be greater than 0\n"
        + "  - d was '-1' but it must be 0 or greater\n"
        + "  - e was '0' but it must be at least 1\n"
        + "  - f was '1.7' but it must be between 0 and 1\n"
        + "  - g[1] was '' but it must not be blank\n"
        + "  - g[2] was missing but it must not be blank\n"
        + "  - h was 'fine_tuning' but it must be something else", e.getMessage());
    assertEquals(9, e.violations().size());
  }

  @Test
  void nullNumbersAreOptional() {
    Checks c = new Checks("Thing");
    c.positive("a", null).nonNegative("b", null).atLeast("c", null, 1).between("d", null, 0, 1).noBlanks("e", null);
    assertTrue(c.ok());
    c.throwIfAny();
  }

  @Test
  void nonFiniteNumbersAreNotPositive() {
    Checks c = new Checks("Thing").positive("a", Double.NaN).nonNegative("b", Double.POSITIVE_INFINITY);
    assertEquals(List.of(new Violation("a", "NaN", "be greater than 0"), new Violation("b", "Infinity", "be 0 or greater")),
        c.violations());
  }

  @Test
  void nestedFailuresGoUnderTheirPath() {
    Checks c = new Checks("Outer").addAll("inner", List.of(new Violation("x", "1", "be 2"), new Violation("", "y", "be z")));
    assertEquals(List.of(new Violation("inner.x", "1", "be 2"), new Violation("inner", "y", "be z")), c.violations());
  }

  @Test
  void numbersPrintWithoutATrailingZero() {
    assertEquals("1", Checks.num(1.0));
    assertEquals("0.5", Checks.num(0.5));
    assertEquals("-3", Checks.num(-3));
    assertEquals("1.0E15", Checks.num(1e15));
  }

  @Test
  void anExceptionNeedsAViolation() {
    assertThrows(IllegalArgumentException.class, () -> new ConfigurationException("Thing", List.of()));
  }
}
