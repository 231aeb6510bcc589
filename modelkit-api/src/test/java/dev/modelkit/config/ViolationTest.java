package dev.modelkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.modelkit.resources.Priority;
import dev.modelkit.training.ValidationStrategy;
import org.junit.jupiter.api.Test;

class ViolationTest {

  @Test
  void messageNamesPathValueAndExpectation() {
    assertEquals("hyperparameters.epochs was '0' but it must be at least 1",
        new Violation("hyperparameters.epochs", "0", "be at least 1").message());
    assertEquals("organizationId was missing but it must be present",
        new Violation("organizationId", null, "be present").message());
  }

  @Test
  void underPrefixesThePath() {
    Violation v = new Violation("epochs", "0", "be at least 1");
    assertEquals("hyperparameters.epochs", v.under("hyperparameters").path());
    assertSame(v, v.under(""));
    assertSame(v, v.under(null));
    assertEquals("a.b", new Violation("", "x", "y").under("a.b").path());
  }

  @Test
  void pathAndExpectationAreRequired() {
    assertThrows(NullPointerException.class, () -> new Violation(null, "x", "y"));
    assertThrows(NullPointerException.class, () -> new Violation("p", "x", null));
  }

  @Test
  void wireValuesParseCaseInsensitivelyAndListTheirNames() {
    assertEquals(ValidationStrategy.K_FOLD, WireValue.parse(ValidationStrategy.class, "K_Fold"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WireValue.parse(Priority.class, "urgent"));
    assertEquals("be one of low, medium, high", e.getMessage());
    assertEquals("holdout, k_fold, stratified, time_series, group", WireValue.names(ValidationStrategy.class));
  }
}
