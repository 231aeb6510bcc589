package dev.modelkit.deployment.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable split of a model's traffic between versions, resolved to basis points (1/100 of a
 * percent) so that picking a version is one modulo and a short scan of an int array.
 *
 * <p>Published as a whole through a volatile reference: a request sees either the old split or
 * the new one, never a mixture, which is what makes a switch atomic.
 */
public final class TrafficSplit {
  /** Basis points in 100%. */
  public static final int TOTAL = 10_000;

  private final String[] versions;
  private final int[] cumulative;

  private TrafficSplit(String[] versions, int[] cumulative) {
    this.versions = versions;
    this.cumulative = cumulative;
  }

  /**
   * @param shares version to percentage; percentages must sum to 100 (within 1e-6)
   * @return the split
   * @throws IllegalArgumentException if shares are negative, empty or do not sum to 100
   */
  public static TrafficSplit of(Map<String, Double> shares) {
    if (shares.isEmpty()) {
      throw new IllegalArgumentException("a traffic split needs at least one version");
    }
    double sum = 0;
    for (Map.Entry<String, Double> e : shares.entrySet()) {
      if (e.getValue() < 0 || e.getValue().isNaN()) {
        throw new IllegalArgumentException("traffic share of version " + e.getKey() + " was " + e.getValue() + " but it must be 0 or more");
      }
      sum += e.getValue();
    }
    if (Math.abs(sum - 100) > 1e-6) {
      throw new IllegalArgumentException("traffic shares " + shares + " sum to " + sum + " but they must sum to 100");
    }
    List<Map.Entry<String, Double>> entries = List.copyOf(shares.entrySet());
    String[] v = new String[entries.size()];
    int[] c = new int[entries.size()];
    int acc = 0;
    double exact = 0;
    for (int i = 0; i < entries.size(); i++) {
      v[i] = entries.get(i).getKey();
      exact += entries.get(i).getValue() * 100;
      acc = i == entries.size() - 1 ? TOTAL : (int) Math.round(exact);
      c[i] = acc;
    }
    return new TrafficSplit(v, c);
  }

  /**
   * @param version the only version
   * @return a split sending everything to it
   */
  public static TrafficSplit single(String version) {
    return new TrafficSplit(new String[] {version}, new int[] {TOTAL});
  }

  /**
   * @param bucket any non-negative number; its value modulo 10,000 selects the version
   * @return the index of the chosen version
   */
  public int pick(int bucket) {
    int b = bucket % TOTAL;
    int[] c = cumulative;
    for (int i = 0; i < c.length; i++) {
      if (b < c[i]) {
        return i;
      }
    }
    return c.length - 1;
  }

  /**
   * @param index a version index
   * @return its version label
   */
  public String version(int index) {
    return versions[index];
  }

  /** @return the number of versions */
  public int size() {
    return versions.length;
  }

  /**
   * @param version a version label
   * @return its index, or -1
   */
  public int indexOf(String version) {
    for (int i = 0; i < versions.length; i++) {
      if (versions[i].equals(version)) {
        return i;
      }
    }
    return -1;
  }

  /** @return version to percentage, in version order, dropping zero shares */
  public Map<String, Double> shares() {
    Map<String, Double> m = new LinkedHashMap<>();
    int prev = 0;
    for (int i = 0; i < versions.length; i++) {
      int bp = cumulative[i] - prev;
      prev = cumulative[i];
      if (bp > 0) {
        m.merge(versions[i], bp / 100.0, Double::sum);
      }
    }
    return m;
  }

  @Override
  public String toString() {
    return shares().toString();
  }
}
