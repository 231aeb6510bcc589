package dev.modelkit.core.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelkit.config.WireValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds an enum by its {@link WireValue#wireName()} (or, for other enums, its constant name), read
 * case-insensitively.
 */
final class EnumBinder implements Binder {
  private final Map<String, Object> byLowerName = new ConcurrentHashMap<>();
  private final String expected;

  EnumBinder(Class<?> type) {
    List<String> names = new ArrayList<>();
    for (Object constant : type.getEnumConstants()) {
      String name = spelling(constant);
      names.add(name);
      byLowerName.put(name.toLowerCase(Locale.ROOT), constant);
    }
    expected = "be one of " + String.join(", ", names);
  }

  static String spelling(Object constant) {
    return constant instanceof WireValue w ? w.wireName() : ((Enum<?>) constant).name();
  }

  @Override
  public Object read(JsonNode node, String path, Problems problems) {
    if (!node.isTextual()) {
      problems.add(path, Shown.json(node), expected);
      return FAILED;
    }
    Object constant = byLowerName.get(node.textValue().trim().toLowerCase(Locale.ROOT));
    if (constant == null) {
      problems.add(path, Shown.raw(node), expected);
      return FAILED;
    }
    return constant;
  }

  /**
   * @param key a map key
   * @param path the entry's path
   * @param problems where failures go
   * @return the constant or {@link #FAILED}
   */
  Object readKey(String key, String path, Problems problems) {
    return read(TextNode.valueOf(key), path, problems);
  }

  @Override
  public JsonNode write(Object value) {
    return TextNode.valueOf(spelling(value));
  }
}
