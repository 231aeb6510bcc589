package dev.modelkit.core.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Binds {@code Object}: free-form JSON read as String, Long, Double, Boolean, List and Map (keys
 * in document order); written from those and from any type the registry knows, chosen by the
 * value's runtime class. Whole numbers beyond the range of a long are read as Double.
 */
final class FreeFormBinder implements Binder {
  private final Binders registry;

  FreeFormBinder(Binders registry) {
    this.registry = registry;
  }

  @Override
  public Object read(JsonNode node, String path, Problems problems) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>(node.size());
      boolean failed = false;
      for (int i = 0; i < node.size(); i++) {
        Object v = readMember(node.get(i), Paths.index(path, i), problems);
        failed |= v == FAILED;
        out.add(v);
      }
      return failed ? FAILED : Collections.unmodifiableList(out);
    }
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      boolean failed = false;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Object v = readMember(e.getValue(), Paths.field(path, e.getKey()), problems);
        failed |= v == FAILED;
        out.put(e.getKey(), v);
      }
      return failed ? FAILED : Collections.unmodifiableMap(out);
    }
    problems.add(path, Shown.json(node), "be a string, number, boolean, list or object");
    return FAILED;
  }

  private Object readMember(JsonNode node, String path, Problems problems) {
    if (node.isNull()) {
      problems.add(path, "null", CollectionBinders.NOT_NULL);
      return FAILED;
    }
    return read(node, path, problems);
  }

  @Override
  public JsonNode write(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = e.getKey() instanceof Enum<?> en ? EnumBinder.spelling(en) : String.valueOf(e.getKey());
        sorted.put(key, writeMember(e.getValue()));
      }
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      object.setAll(sorted);
      return object;
    }
    if (value instanceof Collection<?> list) {
      List<JsonNode> nodes = new ArrayList<>(list.size());
      for (Object o : list) {
        nodes.add(writeMember(o));
      }
      if (value instanceof Set<?>) {
        nodes.sort(Comparator.comparing(JsonNode::toString));
      }
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      array.addAll(nodes);
      return array;
    }
    if (value instanceof CharSequence text) {
      return JsonNodeFactory.instance.textNode(text.toString());
    }
    return registry.forRuntimeClass(value.getClass()).write(value);
  }

  private JsonNode writeMember(Object value) {
    return value == null ? JsonNodeFactory.instance.nullNode() : write(value);
  }
}
