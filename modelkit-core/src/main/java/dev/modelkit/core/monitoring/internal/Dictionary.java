package dev.modelkit.core.monitoring.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps the strings of one categorical column (a feature's categories or the model's labels) to
 * small dense codes, so that counts are kept in arrays. It holds at most {@code capacity} strings;
 * every later new string shares the last code, {@link #OTHER}, so memory is bounded whatever the
 * stream.
 *
 * <p>Lookups read an immutable open-addressing table through one volatile reference: no locking,
 * no boxing and no allocation, a few nanoseconds for a known string. A new string is added under
 * a lock by publishing a copied table, which happens at most {@code capacity} times.
 */
public final class Dictionary {
  /** The name under which strings beyond the capacity are counted. */
  public static final String OTHER = "__other__";

  /** An immutable open-addressing table; {@code keys[i] == null} marks an empty slot. */
  private record Table(String[] keys, int[] codes, int mask) {}

  private final int capacity;
  private final List<String> names = new ArrayList<>();
  private volatile Table table;

  /**
   * @param capacity the most distinct strings kept; one more code is reserved for {@link #OTHER}
   * @param initial strings to code first, in order
   */
  public Dictionary(int capacity, List<String> initial) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity was " + capacity + " but it must be at least 1");
    }
    this.capacity = capacity;
    int size = Integer.highestOneBit(Math.max(4, capacity * 2 + 1)) << 1;
    this.table = new Table(new String[size], new int[size], size - 1);
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
    int c = find(value);
    return c >= 0 ? c : assign(value);
  }

  /**
   * @param value a string
   * @return its code, or -1 if it has none (nothing is assigned)
   */
  public int find(String value) {
    Table t = table;
    int i = spread(value.hashCode()) & t.mask;
    while (true) {
      String k = t.keys[i];
      if (k == null) {
        return -1;
      }
      if (k == value || k.equals(value)) {
        return t.codes[i];
      }
      i = (i + 1) & t.mask;
    }
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  private synchronized int assign(String value) {
    int c = find(value);
    if (c >= 0) {
      return c;
    }
    if (names.size() >= capacity) {
      return capacity;
    }
    int code = names.size();
    names.add(value);
    Table t = table;
    String[] keys = t.keys.clone();
    int[] codes = t.codes.clone();
    int i = spread(value.hashCode()) & t.mask;
    while (keys[i] != null) {
      i = (i + 1) & t.mask;
    }
    keys[i] = value;
    codes[i] = code;
    table = new Table(keys, codes, t.mask);
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
