package dev.modelkit.core.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelkit.ConfigurationException;
import dev.modelkit.config.Violation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Binds a Java record: its component names are the JSON field names, written in component order,
 * nulls omitted.
 *
 * <p>Reading checks for unknown fields, binds every component (continuing past failures), then
 * calls the canonical constructor so that the record's own validation runs; the violations it
 * throws are placed under the record's path. When a component failed, the constructor still runs
 * with a placeholder for it so that the record's checks of the other components are reported too;
 * its complaints about the failed components are dropped, and the record itself is reported as
 * failed. Problems come out in a stable order: unknown fields first, then per component in
 * declaration order (each component's own problems, then the constructor's about it), then the
 * constructor's other problems.
 *
 * <p>An absent or {@code null} field means null; an absent primitive takes the value of the
 * record's zero-argument static {@code defaults()}, {@code none()} or {@code disabled()} factory
 * when it has one, else zero or false. When the constructor then rejects it, the message says it
 * was missing rather than showing the invented value.
 */
final class RecordBinder implements Binder {
  private static final String[] DEFAULT_FACTORIES = {"defaults", "none", "disabled"};

  private final Binders registry;
  private final Class<?> type;
  private final String[] names;
  private final Method[] accessors;
  private final Class<?>[] rawTypes;
  private final Constructor<?> constructor;
  private final Map<String, Integer> indexByName = new HashMap<>();
  private final String knownFields;
  private volatile Binder[] binders;
  private volatile Object[] primitiveDefaults;

  RecordBinder(Binders registry, Class<?> type) {
    this.registry = registry;
    this.type = type;
    RecordComponent[] components = type.getRecordComponents();
    names = new String[components.length];
    accessors = new Method[components.length];
    rawTypes = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      names[i] = components[i].getName();
      accessors[i] = accessible(components[i].getAccessor());
      rawTypes[i] = components[i].getType();
      indexByName.put(names[i], i);
    }
    try {
      constructor = accessible(type.getDeclaredConstructor(rawTypes));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
    }
    knownFields = String.join(", ", names);
  }

  private <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
    boolean isPublic = Modifier.isPublic(type.getModifiers()) && Modifier.isPublic(((java.lang.reflect.Member) member).getModifiers());
    if (!isPublic && !member.trySetAccessible()) {
      throw new IllegalArgumentException("ConfigCodec cannot access " + type.getName()
          + ": make the record and its constructor public, or open its package to dev.modelkit.core");
    }
    return member;
  }

  private Binder[] binders() {
    Binder[] b = binders;
    if (b == null) {
      RecordComponent[] components = type.getRecordComponents();
      b = new Binder[components.length];
      for (int i = 0; i < components.length; i++) {
        b[i] = registry.forType(components[i].getGenericType());
      }
      binders = b;
    }
    return b;
  }

  @Override
  public Object read(JsonNode node, String path, Problems problems) {
    if (!node.isObject()) {
      problems.add(path, Shown.json(node), "be an object");
      return FAILED;
    }
    Binder[] b = binders();
    int start = problems.size();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!indexByName.containsKey(e.getKey())) {
        problems.add(Paths.field(path, e.getKey()), Shown.raw(e.getValue()),
            "be one of the known fields: " + knownFields);
      }
    }
    int afterUnknown = problems.size();
    int n = names.length;
    Object[] args = new Object[n];
    boolean[] absent = new boolean[n];
    boolean[] failed = new boolean[n];
    int[] ends = new int[n];
    boolean anyFailed = afterUnknown > start;
    for (int i = 0; i < n; i++) {
      JsonNode value = node.get(names[i]);
      if (value == null || value.isNull()) {
        absent[i] = true;
        args[i] = rawTypes[i].isPrimitive() ? primitiveDefault(i) : null;
      } else {
        Object bound = b[i].read(value, Paths.field(path, names[i]), problems);
        if (bound == FAILED) {
          failed[i] = true;
          anyFailed = true;
          args[i] = rawTypes[i].isPrimitive() ? primitiveDefault(i) : null;
        } else {
          args[i] = bound;
        }
      }
      ends[i] = problems.size();
    }
    Object built = construct(args, path, node, absent, failed, anyFailed, problems, start, afterUnknown, ends);
    return anyFailed || built == null ? FAILED : built;
  }

  /** @return the record, or null after its constructor refused the values (problems recorded) */
  private Object construct(Object[] args, String path, JsonNode node, boolean[] absent, boolean[] failed,
      boolean anyFailed, Problems problems, int start, int afterUnknown, int[] ends) {
    try {
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigurationException ce && !ce.violations().isEmpty()) {
        List<List<Violation>> byComponent = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
          byComponent.add(new ArrayList<>());
        }
        List<Violation> other = new ArrayList<>();
        for (Violation v : ce.violations()) {
          Integer i = indexByName.get(Paths.head(v.path()));
          if (i != null && failed[i]) {
            continue;
          }
          Violation placed = v;
          if (i != null && absent[i] && v.path().equals(names[i])) {
            placed = new Violation(v.path(), null, v.expected());
          }
          placed = placed.under(path);
          if (placed.path().isEmpty()) {
            placed = new Violation(Paths.ROOT, placed.value(), placed.expected());
          }
          (i == null ? other : byComponent.get(i)).add(placed);
        }
        reorder(problems, start, afterUnknown, ends, byComponent, other);
      } else if (!anyFailed) {
        String message = cause == null ? e.toString() : cause.getMessage() == null ? cause.toString() : cause.getMessage();
        problems.add(path, Shown.json(node), "be a valid " + type.getSimpleName() + " (" + message + ")");
      }
      return null;
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  private static void reorder(Problems problems, int start, int afterUnknown, int[] ends,
      List<List<Violation>> byComponent, List<Violation> other) {
    List<Violation> tail = problems.takeFrom(start);
    int from = afterUnknown - start;
    for (int k = 0; k < from; k++) {
      problems.add(tail.get(k));
    }
    for (int i = 0; i < ends.length; i++) {
      int to = ends[i] - start;
      for (int k = from; k < to; k++) {
        problems.add(tail.get(k));
      }
      byComponent.get(i).forEach(problems::add);
      from = to;
    }
    other.forEach(problems::add);
  }

  private Object primitiveDefault(int i) {
    Object[] d = primitiveDefaults;
    if (d == null) {
      d = computeDefaults();
      primitiveDefaults = d;
    }
    return d[i];
  }

  private Object[] computeDefaults() {
    Object[] d = new Object[names.length];
    Object template = defaultInstance();
    for (int i = 0; i < names.length; i++) {
      if (!rawTypes[i].isPrimitive()) {
        continue;
      }
      Object fromTemplate = null;
      if (template != null) {
        try {
          fromTemplate = accessors[i].invoke(template);
        } catch (ReflectiveOperationException e) {
          fromTemplate = null;
        }
      }
      d[i] = fromTemplate != null ? fromTemplate : zero(rawTypes[i]);
    }
    return d;
  }

  private Object defaultInstance() {
    for (String factory : DEFAULT_FACTORIES) {
      try {
        Method m = type.getMethod(factory);
        if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == type) {
          return m.invoke(null);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // no usable factory of that name: try the next one
      }
    }
    return null;
  }

  private static Object zero(Class<?> primitive) {
    if (primitive == boolean.class) {
      return false;
    }
    if (primitive == char.class) {
      return '\0';
    }
    if (primitive == double.class) {
      return 0d;
    }
    if (primitive == float.class) {
      return 0f;
    }
    if (primitive == long.class) {
      return 0L;
    }
    if (primitive == short.class) {
      return (short) 0;
    }
    if (primitive == byte.class) {
      return (byte) 0;
    }
    return 0;
  }

  @Override
  public JsonNode write(Object value) {
    Binder[] b = binders();
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < names.length; i++) {
      Object v;
      try {
        v = accessors[i].invoke(value);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read " + type.getName() + "." + names[i], e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("reading " + type.getName() + "." + names[i] + " failed", e.getCause());
      }
      if (v != null) {
        object.set(names[i], b[i].write(v));
      }
    }
    return object;
  }
}
