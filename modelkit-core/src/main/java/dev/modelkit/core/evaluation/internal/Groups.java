package dev.modelkit.core.evaluation.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns a protected attribute's values into groups. Text values are their own group; a missing
 * value is the group {@value #MISSING}. Numeric values are split in two: a field named {@code age}
 * at 25 ({@code < 25} and {@code >= 25}, the split used in the German Credit fairness literature,
 * for example Kamiran and Calders), any other numeric field at the median of the evaluated rows.
 *
 * @param rule the rule in words, for the report
 * @param names each row's group
 */
public record Groups(String rule, String[] names) {
  /** The group of rows without a value. */
  public static final String MISSING = "(missing)";
  /** Where ages are split. */
  public static final double AGE_SPLIT = 25;

  /**
   * @param attribute the field
   * @param values its value in every row
   * @return the groups
   */
  public static Groups of(String attribute, List<Object> values) {
    boolean numeric = values.stream().filter(Objects::nonNull).allMatch(v -> v instanceof Number)
        && values.stream().anyMatch(Objects::nonNull);
    String[] names = new String[values.size()];
    if (!numeric) {
      for (int i = 0; i < names.length; i++) {
        Object v = values.get(i);
        names[i] = v == null ? MISSING : v.toString();
      }
      return new Groups("each value of " + attribute + " is a group; a missing value is the group " + MISSING, names);
    }
    double cut;
    String rule;
    if (attribute.toLowerCase(Locale.ROOT).equals("age")) {
      cut = AGE_SPLIT;
      rule = "age split at 25 years: '< 25' and '>= 25'";
    } else {
      cut = median(values);
      rule = attribute + " split at its median over the evaluated rows, " + fmt(cut) + ": '< " + fmt(cut)
          + "' and '>= " + fmt(cut) + "'";
    }
    for (int i = 0; i < names.length; i++) {
      Object v = values.get(i);
      names[i] = v == null ? MISSING : ((Number) v).doubleValue() < cut ? "< " + fmt(cut) : ">= " + fmt(cut);
    }
    return new Groups(rule, names);
  }

  private static double median(List<Object> values) {
    double[] x = values.stream().filter(Objects::nonNull).mapToDouble(v -> ((Number) v).doubleValue()).sorted()
        .toArray();
    int n = x.length;
    return n % 2 == 1 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Groups g && rule.equals(g.rule) && Arrays.equals(names, g.names);
  }

  @Override
  public int hashCode() {
    return rule.hashCode() * 31 + Arrays.hashCode(names);
  }

  @Override
  public String toString() {
    return "Groups[" + rule + "]";
  }
}
