package dev.modelkit.core.config.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** Binds a {@link JsonNode} component: the JSON is kept as it is. */
final class TreeBinder implements Binder {
  static final TreeBinder INSTANCE = new TreeBinder();

  @Override
  public Object read(JsonNode node, String path, Problems problems) {
    return node.deepCopy();
  }

  @Override
  public JsonNode write(Object value) {
    return ((JsonNode) value).deepCopy();
  }
}
