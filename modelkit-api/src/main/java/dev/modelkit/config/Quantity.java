package dev.modelkit.config;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource amount written as Kubernetes users write it: {@code "2"}, {@code "500m"} (half a
 * core), {@code "8Gi"}, {@code "100Gi"}, {@code "1.5G"}, {@code "1e3"}.
 *
 * <p>Binary suffixes Ki, Mi, Gi, Ti, Pi, Ei are powers of 1024; decimal suffixes n, u, m, k, M, G,
 * T, P, E are powers of 1000. The original spelling is kept so that a configuration round-trips
 * unchanged.
 *
 * @param text the spelling as written
 * @param amount the value in base units (cores, bytes, GPUs)
 */
public record Quantity(String text, BigDecimal amount) implements Comparable<Quantity> {

  private static final Pattern FORMAT =
      Pattern.compile("^([+]?[0-9]+(?:\\.[0-9]*)?|[+]?\\.[0-9]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$");
  private static final BigDecimal K2 = BigDecimal.valueOf(1024);
  private static final Map<String, BigDecimal> SUFFIX = Map.ofEntries(
      Map.entry("Ki", K2),
      Map.entry("Mi", K2.pow(2)),
      Map.entry("Gi", K2.pow(3)),
      Map.entry("Ti", K2.pow(4)),
      Map.entry("Pi", K2.pow(5)),
      Map.entry("Ei", K2.pow(6)),
      Map.entry("n", new BigDecimal("1e-9")),
      Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")),
      Map.entry("k", new BigDecimal("1e3")),
      Map.entry("M", new BigDecimal("1e6")),
      Map.entry("G", new BigDecimal("1e9")),
      Map.entry("T", new BigDecimal("1e12")),
      Map.entry("P", new BigDecimal("1e15")),
      Map.entry("E", new BigDecimal("1e18")));

  /** Validates that the amount matches a non-negative parse of the text. */
  public Quantity {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(amount, "amount");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("a quantity cannot be negative: " + text);
    }
  }

  /** The spelling rule, phrased to complete "but it must ...". */
  public static final String EXPECTED =
      "be a quantity such as \"2\", \"500m\", \"8Gi\" or \"100G\" (suffixes n u m k M G T P E Ki Mi Gi Ti Pi Ei)";

  /**
   * @param text a quantity such as {@code "8Gi"}
   * @return the parsed quantity
   * @throws IllegalArgumentException with {@link #EXPECTED} as its message if the text is not a
   *     quantity (for example {@code "8Gb"})
   */
  public static Quantity parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(EXPECTED);
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(EXPECTED);
    }
    BigDecimal number = new BigDecimal(m.group(1).startsWith("+") ? m.group(1).substring(1) : m.group(1));
    if (m.group(2) != null) {
      number = new BigDecimal(number.toPlainString() + m.group(2));
    } else if (m.group(3) != null) {
      number = number.multiply(SUFFIX.get(m.group(3)));
    }
    return new Quantity(text.trim(), number);
  }

  /**
   * @param value a count, for example cores or GPUs
   * @return the quantity written as a plain number
   */
  public static Quantity of(double value) {
    String text = Checks.num(value);
    return new Quantity(text, new BigDecimal(text));
  }

  /**
   * @param bytes a number of bytes
   * @return the quantity in the largest exact binary unit, for example {@code 8Gi}
   */
  public static Quantity ofBytes(long bytes) {
    String[] units = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
    for (String u : units) {
      BigDecimal unit = SUFFIX.get(u);
      BigDecimal[] qr = BigDecimal.valueOf(bytes).divideAndRemainder(unit);
      if (bytes > 0 && qr[1].signum() == 0 && qr[0].signum() > 0) {
        return new Quantity(qr[0].toPlainString() + u, BigDecimal.valueOf(bytes));
      }
    }
    return new Quantity(Long.toString(bytes), BigDecimal.valueOf(bytes));
  }

  /** @return the amount as a double, for example cores (0.5 for {@code 500m}) */
  public double value() {
    return amount.doubleValue();
  }

  /** @return the amount rounded up to a whole number, for example bytes */
  public long longValue() {
    return amount.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
  }

  @Override
  public int compareTo(Quantity o) {
    return amount.compareTo(o.amount);
  }

  @Override
  public String toString() {
    return text;
  }
}
