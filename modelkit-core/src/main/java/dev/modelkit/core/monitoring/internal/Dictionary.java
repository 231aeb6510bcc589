package dev.modelkit.core.monitoring.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the strings of one categorical column (a feature's categories or the model's labels) to
 * small dense codes, so that counts are kept in arrays. It holds at most {@code capacity} strings;
 * every later new string shares the last code, {@link #OTHER}, so memory is bounded whatever the
 * stream. Lookups of known strings allocate nothing.
 */
public final class Dictionary {
  /** The name under which strings beyond the capacity are counted. */
  public static final String OTHER = "__other__";

  private final ConcurrentHashMap<String, Integer> codes = new ConcurrentHashMap<>();
  private final List<String> names = new ArrayList<>();
  private final int capacity;

  /**
   * @param capacity the most distinct strings kept; one more code is reserved for {@link #OTHER}
   * @param initial strings to code first, in order
   */
  public Dictionary(int capacity, List<String> initial) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity was " + capacity + " but it must be at least 1");
    }
    this.capacity = capacity;
    for (String s : initial) {
      code(s);
    }
  }

  /** @return the number of codes an array indexed by this dictionary needs */
  public int slots() {
    return capacity + 1;
  }

  /**
   * @param value a string
   * @return its code, assigning the next one to a new string while there is room
   */
  public int code(String value) {
    Integer c = codes.get(value);
    if (c != null) {
      return c;
    }
    return assign(value);
  }

  /**
   * @param value a string
   * @return its code, or -1 if it has none (nothing is assigned)
   */
  public int find(String value) {
    Integer c = codes.get(value);
    return c == null ? -1 : c;
  }

  private synchronized int assign(String value) {
    Integer c = codes.get(value);
    if (c != null) {
      return c;
    }
    if (names.size() >= capacity) {
      return capacity;
    }
    int code = names.size();
    names.add(value);
    codes.put(value, code);
    return code;
  }

  /**
   * @param code a code
   * @return its string; {@link #OTHER} for the overflow code
   */
  public synchronized String name(int code) {
    return code >= 0 && code < names.size() ? names.get(code) : OTHER;
  }

  /** @return the strings with codes, in code order */
  public synchronized List<String> names() {
    return List.copyOf(names);
  }

  /** @return the number of strings with their own code */
  public synchronized int size() {
    return names.size();
  }
}
