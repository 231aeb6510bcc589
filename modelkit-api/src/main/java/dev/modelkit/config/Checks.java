package dev.modelkit.config;

import dev.modelkit.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Collects every validation failure of one configuration object, then throws them together.
 *
 * <p>Records validate in their compact constructors with it, so an invalid object can never be
 * built and the caller hears about every problem at once:
 *
 * <pre>{@code
 * Checks c = new Checks("TrainingHyperparameters");
 * c.atLeast("epochs", epochs, 1);
 * c.positive("learningRate", learningRate);
 * c.throwIfAny();
 * }</pre>
 */
public final class Checks {
  private final String subject;
  private final List<Violation> violations = new ArrayList<>();

  /** @param subject the validated type, named in the exception message */
  public Checks(String subject) {
    this.subject = subject;
  }

  /**
   * Records a failure unless {@code ok}.
   *
   * @param ok whether the value is acceptable
   * @param path field path
   * @param value the value, shown in the message
   * @param expected completes "but it must ..."
   * @return this
   */
  public Checks check(boolean ok, String path, Object value, String expected) {
    if (!ok) {
      violations.add(new Violation(path, value == null ? null : show(value), expected));
    }
    return this;
  }

  /**
   * @param path field path
   * @param value the required value
   * @return this, with a failure recorded when {@code value} is null
   */
  public Checks required(String path, Object value) {
    return check(value != null, path, null, "be present");
  }

  /**
   * @param path field path
   * @param value the required text
   * @return this, with a failure recorded when {@code value} is null or blank
   */
  public Checks notBlank(String path, String value) {
    if (value == null) {
      return required(path, null);
    }
    return check(!value.isBlank(), path, value, "not be blank");
  }

  /**
   * @param path field path
   * @param value number that must be &gt; 0; null is accepted (optional field)
   * @return this
   */
  public Checks positive(String path, Number value) {
    return value == null ? this : check(value.doubleValue() > 0 && Double.isFinite(value.doubleValue()), path, value, "be greater than 0");
  }

  /**
   * @param path field path
   * @param value number that must be &ge; 0; null is accepted
   * @return this
   */
  public Checks nonNegative(String path, Number value) {
    return value == null ? this : check(value.doubleValue() >= 0 && Double.isFinite(value.doubleValue()), path, value, "be 0 or greater");
  }

  /**
   * @param path field path
   * @param value number that must be &ge; {@code min}; null is accepted
   * @param min smallest allowed value
   * @return this
   */
  public Checks atLeast(String path, Number value, long min) {
    return value == null ? this : check(value.doubleValue() >= min, path, value, "be at least " + min);
  }

  /**
   * @param path field path
   * @param value number in the closed range; null is accepted
   * @param min lower bound
   * @param max upper bound
   * @return this
   */
  public Checks between(String path, Number value, double min, double max) {
    return value == null
        ? this
        : check(value.doubleValue() >= min && value.doubleValue() <= max, path, value,
            "be between " + num(min) + " and " + num(max));
  }

  /**
   * @param path field path
   * @param values a collection that must not contain blank strings or nulls
   * @return this
   */
  public Checks noBlanks(String path, Collection<String> values) {
    if (values == null) {
      return this;
    }
    int i = 0;
    for (String s : values) {
      check(s != null && !s.isBlank(), path + "[" + i + "]", s, "not be blank");
      i++;
    }
    return this;
  }

  /**
   * Adds failures found by a nested object, placed under {@code path}.
   *
   * @param path the nested object's path
   * @param nested its violations
   * @return this
   */
  public Checks addAll(String path, List<Violation> nested) {
    for (Violation v : nested) {
      violations.add(v.under(path));
    }
    return this;
  }

  /** @return the failures found so far */
  public List<Violation> violations() {
    return List.copyOf(violations);
  }

  /** @return whether nothing failed so far */
  public boolean ok() {
    return violations.isEmpty();
  }

  /**
   * @throws ConfigurationException listing every failure, if there is any
   */
  public void throwIfAny() {
    if (!violations.isEmpty()) {
      throw new ConfigurationException(subject, violations);
    }
  }

  private static String show(Object value) {
    if (value instanceof Double d) {
      return num(d);
    }
    if (value instanceof Float f) {
      return num(f.doubleValue());
    }
    if (value instanceof WireValue w) {
      return w.wireName();
    }
    return String.valueOf(value);
  }

  /**
   * @param d a number
   * @return {@code d} without a trailing {@code .0} when it is whole
   */
  public static String num(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) d);
    }
    return Double.toString(d);
  }
}
