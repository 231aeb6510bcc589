package dev.modelkit.deployment;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the label and a probability out of a model's output for monitoring: a {@link
 * dev.modelkit.spi.Prediction} (its label, and the probability of the last class in the model's
 * class order, the second class of a binary model), a map with {@code label} and {@code
 * probability} keys, or a record with such components; anything else is recorded as its string
 * form with no probability.
 */
final class Outputs {
  private static final Map<Class<?>, Method[]> ACCESSORS = new ConcurrentHashMap<>();

  private Outputs() {}

  static String label(Object output) {
    Object v = read(output, 0);
    return v == null ? String.valueOf(output) : String.valueOf(v);
  }

  static double probability(Object output) {
    if (output instanceof dev.modelkit.spi.Prediction p) {
      // the probability of the last class in the model's order (the second of a binary model)
      double last = Double.NaN;
      for (double d : p.probabilities().values()) {
        last = d;
      }
      return last;
    }
    Object v = read(output, 1);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static Object read(Object output, int which) {
    String key = which == 0 ? "label" : "probability";
    if (output instanceof Map<?, ?> m) {
      return m.get(key);
    }
    if (output instanceof Number || output instanceof CharSequence) {
      return which == 0 ? output : (output instanceof Number ? output : null);
    }
    Method[] acc = ACCESSORS.computeIfAbsent(output.getClass(), Outputs::accessors);
    if (acc[which] == null) {
      return null;
    }
    try {
      return acc[which].invoke(output);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static Method[] accessors(Class<?> type) {
    Method[] m = new Method[2];
    if (type.isRecord()) {
      for (RecordComponent c : type.getRecordComponents()) {
        if (c.getName().equals("label")) {
          m[0] = c.getAccessor();
        } else if (c.getName().equals("probability")) {
          m[1] = c.getAccessor();
        }
      }
    }
    return m;
  }
}
