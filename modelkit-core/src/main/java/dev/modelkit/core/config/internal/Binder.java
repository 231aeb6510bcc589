package dev.modelkit.core.config.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads one Java type from a JSON tree and writes it back. Implementations are thread-safe. */
public interface Binder {

  /** Returned by {@link #read} when the value could not be bound; a problem has been recorded. */
  Object FAILED = new Object() {
    @Override
    public String toString() {
      return "FAILED";
    }
  };

  /**
   * @param node a JSON value, never null and never JSON {@code null} (callers decide what absence
   *     means)
   * @param path the value's path, for messages
   * @param problems where failures go
   * @return the bound value, or {@link #FAILED} after recording at least one problem
   */
  Object read(JsonNode node, String path, Problems problems);

  /**
   * @param value a non-null value of the bound type
   * @return its JSON
   */
  JsonNode write(Object value);
}
