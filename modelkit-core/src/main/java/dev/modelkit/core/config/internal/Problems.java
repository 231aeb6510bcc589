package dev.modelkit.core.config.internal;

import dev.modelkit.config.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The failures found while binding one JSON document, in the order they were found. Binders add to
 * it and keep going, so that one read reports every problem of the document.
 */
public final class Problems {
  private final List<Violation> found = new ArrayList<>();

  /**
   * @param path where the problem is
   * @param shown the offending value as it should appear in the message, null when missing
   * @param expected completes "but it must ..."
   */
  public void add(String path, String shown, String expected) {
    found.add(new Violation(path.isEmpty() ? Paths.ROOT : path, shown, expected));
  }

  /** @param violation a problem whose path is already complete */
  public void add(Violation violation) {
    found.add(violation);
  }

  /** @return how many problems were found so far */
  public int size() {
    return found.size();
  }

  /** @return whether nothing failed */
  public boolean isEmpty() {
    return found.isEmpty();
  }

  /**
   * Removes and returns the problems found after position {@code from}, so that a caller can put
   * them back in a different order.
   *
   * @param from a value of {@link #size()} taken earlier
   * @return the removed problems
   */
  List<Violation> takeFrom(int from) {
    List<Violation> sub = found.subList(from, found.size());
    List<Violation> taken = new ArrayList<>(sub);
    sub.clear();
    return taken;
  }

  /** @return every problem found, in order */
  public List<Violation> all() {
    return List.copyOf(found);
  }
}
