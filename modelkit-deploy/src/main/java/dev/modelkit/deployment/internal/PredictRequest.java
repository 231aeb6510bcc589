package dev.modelkit.deployment.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The body of an HTTP predict request, read in one streaming pass (no JSON tree): either {@code
 * {"features": {...}, "key": "..."}} or a plain object of features. Numbers become doubles,
 * booleans and strings stay as they are, nested objects and arrays become their JSON text.
 *
 * @param features the features
 * @param key the routing key, or null
 */
public record PredictRequest(Map<String, Object> features, String key) {
  private static final JsonFactory FACTORY = new JsonFactory();

  /**
   * @param body the request body
   * @return the request, or null if the body is valid JSON but not an object
   * @throws IOException if the body is not valid JSON
   */
  public static PredictRequest parse(byte[] body) throws IOException {
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, Object> plain = new HashMap<>();
      Map<String, Object> features = null;
      String key = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("features") && t == JsonToken.START_OBJECT && features == null) {
          features = new HashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            features.put(f, value(p));
          }
          continue;
        }
        Object v = value(p);
        if (name.equals("key") && v != null && !(t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
          key = v instanceof Double d ? number(d) : String.valueOf(v);
        }
        plain.put(name, v);
      }
      if (p.nextToken() != null) {
        throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected content after the JSON object");
      }
      return new PredictRequest(features != null ? features : plain, key);
    }
  }

  private static Object value(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      case VALUE_STRING -> p.getText();
      case START_OBJECT, START_ARRAY -> nested(p);
      default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + p.currentToken());
    };
  }

  /** Nested values are rare in feature rows; they are kept as their JSON text. */
  private static String nested(JsonParser p) throws IOException {
    java.io.StringWriter w = new java.io.StringWriter();
    try (com.fasterxml.jackson.core.JsonGenerator g = FACTORY.createGenerator(w)) {
      g.copyCurrentStructure(p);
    }
    return w.toString();
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
