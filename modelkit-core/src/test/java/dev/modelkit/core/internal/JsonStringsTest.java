package dev.modelkit.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonStringsTest {
  @Test
  void everyCharacterSurvivesAJsonParser() throws Exception {
    StringBuilder all = new StringBuilder("quote \" backslash \\ slash / é 𝄞 ");
    for (char c = 0; c < 0x20; c++) {
      all.append(c);
    }
    String text = all.toString();
    String literal = JsonStrings.quote(new StringBuilder(), text).toString();
    assertEquals(text, new ObjectMapper().readValue(literal, String.class));
    assertEquals("\"a\\nb\\u0001\"", JsonStrings.quote(new StringBuilder(), "a\nb\u0001").toString());
  }
}
