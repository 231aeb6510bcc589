package dev.modelkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QuantityTest {

  @ParameterizedTest
  @CsvSource({"2, 2", "500m, 0.5", "8Gi, 8589934592", "100Gi, 107374182400", "1.5, 1.5", "1e3, 1000",
      "8G, 8000000000", "0.5Ki, 512", "1Mi, 1048576", "250k, 250000", "100n, 0.0000001", "+3, 3", ".5, 0.5"})
  void parsesKubernetesSpellings(String text, String amount) {
    Quantity q = Quantity.parse(text);
    assertEquals(0, new BigDecimal(amount).compareTo(q.amount()), text + " -> " + q.amount());
    assertEquals(text, q.text());
    assertEquals(text, q.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"8Gb", "-1", "", "2 Gi", "Gi", "1.2.3", "8gi", "1e", "0x10"})
  void refusesOtherSpellingsWithTheExpectedForm(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantity.parse(text));
    assertEquals(Quantity.EXPECTED, e.getMessage());
  }

  @Test
  void nullIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Quantity.parse(null));
  }

  @Test
  void surroundingBlanksAreTrimmed() {
    assertEquals("8Gi", Quantity.parse(" 8Gi ").text());
  }

  @Test
  void factoriesAndConversions() {
    assertEquals("8Gi", Quantity.ofBytes(8L << 30).text());
    assertEquals("1536Ki", Quantity.ofBytes(1536L * 1024).text());
    assertEquals("1000", Quantity.ofBytes(1000).text());
    assertEquals("0.5", Quantity.of(0.5).text());
    assertEquals("2", Quantity.of(2).text());
    assertEquals(0.5, Quantity.parse("500m").value());
    assertEquals(1, Quantity.parse("1m").longValue(), "rounds up");
    assertTrue(Quantity.parse("1Gi").compareTo(Quantity.parse("1G")) > 0);
  }

  @Test
  void negativeAmountsCannotBeConstructed() {
    assertThrows(IllegalArgumentException.class, () -> new Quantity("-1", BigDecimal.ONE.negate()));
  }
}
