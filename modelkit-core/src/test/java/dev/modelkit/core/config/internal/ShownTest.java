package dev.modelkit.core.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelkit.config.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ShownTest {

  @ParameterizedTest
  @ValueSource(strings = {"password", "dbPassword", "DB_PASSWORD", "apiKey", "API_KEY", "x.apikey", "accessToken",
      "refresh_token", "clientSecret", "secrets[0]", "credentials.user", "key", "privateKeys", "auth.token.value"})
  void secretLookingPaths(String path) {
    assertTrue(Shown.isSecret(path), path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dataPreprocessing.tokenization", "keepLast", "keywords", "monkey", "hyperparameters.epochs",
      "configuration.environment.LOG_LEVEL", "tokenizer"})
  void ordinaryPaths(String path) {
    assertFalse(Shown.isSecret(path), path);
  }

  @Test
  void maskingKeepsPathAndExpectation() {
    assertEquals(new Violation("apiKey", "****", "be a string"), Shown.masked(new Violation("apiKey", "123", "be a string")));
    Violation missing = new Violation("apiKey", null, "be present");
    assertEquals(missing, Shown.masked(missing));
  }

  @Test
  void longValuesAreShortened() {
    String shown = Shown.raw(TextNode.valueOf("x".repeat(200)));
    assertEquals(80, shown.length());
    assertTrue(shown.endsWith("..."));
    assertEquals("\"ten\"", Shown.json(TextNode.valueOf("ten")));
    assertEquals("ten", Shown.raw(TextNode.valueOf("ten")));
  }
}
