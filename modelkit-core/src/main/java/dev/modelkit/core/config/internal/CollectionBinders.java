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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binders for {@code List<T>}, {@code Set<T>} and {@code Map<K,V>} with String or enum keys.
 *
 * <p>Null elements and null map values are refused: the API's records copy their collections with
 * {@code List.copyOf}/{@code Map.copyOf}, which cannot hold them, and a null in a list is almost
 * always a typing slip. Sets and map keys are written in sorted order so that the same value
 * always gives the same JSON (configurations are hashed for lineage).
 */
final class CollectionBinders {
  static final String NOT_NULL = "not be null";

  private CollectionBinders() {}

  /** Binds a list, keeping its order. */
  static final class ListBinder implements Binder {
    private final Binder element;

    ListBinder(Binder element) {
      this.element = element;
    }

    @Override
    public Object read(JsonNode node, String path, Problems problems) {
      List<Object> out = readElements(element, node, path, problems, "be a list");
      return out == null ? FAILED : Collections.unmodifiableList(out);
    }

    @Override
    public JsonNode write(Object value) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (Object o : (Collection<?>) value) {
        array.add(o == null ? JsonNodeFactory.instance.nullNode() : element.write(o));
      }
      return array;
    }
  }

  /** Binds a set; repeated elements collapse, elements are written sorted by their JSON. */
  static final class SetBinder implements Binder {
    private final Binder element;

    SetBinder(Binder element) {
      this.element = element;
    }

    @Override
    public Object read(JsonNode node, String path, Problems problems) {
      List<Object> out = readElements(element, node, path, problems, "be a list");
      return out == null ? FAILED : Collections.unmodifiableSet(new LinkedHashSet<>(out));
    }

    @Override
    public JsonNode write(Object value) {
      List<JsonNode> nodes = new ArrayList<>();
      for (Object o : (Collection<?>) value) {
        nodes.add(element.write(o));
      }
      nodes.sort(Comparator.comparing(JsonNode::toString));
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      array.addAll(nodes);
      return array;
    }
  }

  /** Binds a map whose keys are strings or enums; entries are written sorted by key. */
  static final class MapBinder implements Binder {
    private final EnumBinder enumKeys;
    private final Binder valueBinder;

    /**
     * @param enumKeys the key binder for enum keys, null for String keys
     * @param valueBinder the value binder
     */
    MapBinder(EnumBinder enumKeys, Binder valueBinder) {
      this.enumKeys = enumKeys;
      this.valueBinder = valueBinder;
    }

    @Override
    public Object read(JsonNode node, String path, Problems problems) {
      if (!node.isObject()) {
        problems.add(path, Shown.json(node), "be an object");
        return FAILED;
      }
      Map<Object, Object> out = new LinkedHashMap<>();
      boolean failed = false;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String entryPath = Paths.field(path, e.getKey());
        Object key = enumKeys == null ? e.getKey() : enumKeys.readKey(e.getKey(), entryPath, problems);
        Object value;
        if (e.getValue().isNull()) {
          problems.add(entryPath, "null", NOT_NULL);
          value = FAILED;
        } else {
          value = valueBinder.read(e.getValue(), entryPath, problems);
        }
        if (key == FAILED || value == FAILED) {
          failed = true;
        } else {
          out.put(key, value);
        }
      }
      return failed ? FAILED : Collections.unmodifiableMap(out);
    }

    @Override
    public JsonNode write(Object value) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        String key = enumKeys == null ? String.valueOf(e.getKey()) : EnumBinder.spelling(e.getKey());
        sorted.put(key, e.getValue() == null ? JsonNodeFactory.instance.nullNode() : valueBinder.write(e.getValue()));
      }
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      object.setAll(sorted);
      return object;
    }
  }

  private static List<Object> readElements(Binder element, JsonNode node, String path, Problems problems, String expected) {
    if (!node.isArray()) {
      problems.add(path, Shown.json(node), expected);
      return null;
    }
    List<Object> out = new ArrayList<>(node.size());
    boolean failed = false;
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String itemPath = Paths.index(path, i);
      if (item.isNull()) {
        problems.add(itemPath, "null", NOT_NULL);
        failed = true;
        continue;
      }
      Object value = element.read(item, itemPath, problems);
      if (value == Binder.FAILED) {
        failed = true;
      } else {
        out.add(value);
      }
    }
    return failed ? null : out;
  }
}
