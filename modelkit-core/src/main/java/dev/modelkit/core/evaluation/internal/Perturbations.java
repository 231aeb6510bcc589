package dev.modelkit.core.evaluation.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded corruptions of test rows for the robustness part of the suite. Each returns new rows and
 * leaves the input untouched; the label field is never changed.
 */
public final class Perturbations {
  /** Noise standard deviation as a fraction of each numeric feature's standard deviation. */
  public static final double NOISE_SCALE = 0.25;
  /** Share of input cells set to missing. */
  public static final double MISSING_RATE = 0.10;
  /** Share of text cells given one typo. */
  public static final double TYPO_RATE = 0.10;
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

  private Perturbations() {}

  /**
   * A perturbed copy of the rows.
   *
   * @param rows the rows
   * @param cells how many cells were changed
   */
  public record Perturbed(List<Map<String, Object>> rows, long cells) {}

  /**
   * Adds Gaussian noise with standard deviation {@link #NOISE_SCALE} times the feature's own
   * (sample) standard deviation to every present numeric cell.
   *
   * @param rows the rows
   * @param numericFields the numeric input fields
   * @param rng the random source
   * @return the noisy rows
   */
  public static Perturbed gaussianNoise(List<Map<String, Object>> rows, List<String> numericFields,
      SplittableRandom rng) {
    Map<String, Double> sd = new HashMap<>();
    for (String f : numericFields) {
      sd.put(f, standardDeviation(rows, f));
    }
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    long cells = 0;
    for (Map<String, Object> r : rows) {
      Map<String, Object> c = new HashMap<>(r);
      for (String f : numericFields) {
        if (c.get(f) instanceof Number x) {
          c.put(f, x.doubleValue() + gaussian(rng) * NOISE_SCALE * sd.get(f));
          cells++;
        }
      }
      out.add(c);
    }
    return new Perturbed(out, cells);
  }

  /**
   * Sets each input cell to missing with probability {@link #MISSING_RATE}.
   *
   * @param rows the rows
   * @param inputFields the input fields
   * @param rng the random source
   * @return the rows with holes
   */
  public static Perturbed missingValues(List<Map<String, Object>> rows, List<String> inputFields,
      SplittableRandom rng) {
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    long cells = 0;
    for (Map<String, Object> r : rows) {
      Map<String, Object> c = new HashMap<>(r);
      for (String f : inputFields) {
        if (rng.nextDouble() < MISSING_RATE && c.get(f) != null) {
          c.put(f, null);
          cells++;
        }
      }
      out.add(c);
    }
    return new Perturbed(out, cells);
  }

  /**
   * Gives each text cell, with probability {@link #TYPO_RATE}, one typo: two neighbouring
   * characters swapped, one deleted, or one replaced by a random letter (a third each).
   *
   * @param rows the rows
   * @param textFields the text input fields
   * @param rng the random source
   * @return the rows with typos
   */
  public static Perturbed textTypos(List<Map<String, Object>> rows, List<String> textFields, SplittableRandom rng) {
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    long cells = 0;
    for (Map<String, Object> r : rows) {
      Map<String, Object> c = new HashMap<>(r);
      for (String f : textFields) {
        if (c.get(f) instanceof String s && !s.isEmpty() && rng.nextDouble() < TYPO_RATE) {
          c.put(f, typo(s, rng));
          cells++;
        }
      }
      out.add(c);
    }
    return new Perturbed(out, cells);
  }

  static String typo(String s, SplittableRandom rng) {
    int kind = rng.nextInt(3);
    int i = rng.nextInt(s.length());
    StringBuilder b = new StringBuilder(s);
    if (kind == 0 && s.length() > 1) {
      int j = i == s.length() - 1 ? i - 1 : i + 1;
      char t = b.charAt(i);
      b.setCharAt(i, b.charAt(j));
      b.setCharAt(j, t);
    } else if (kind == 1 && s.length() > 1) {
      b.deleteCharAt(i);
    } else {
      char replacement = LETTERS.charAt(rng.nextInt(LETTERS.length()));
      if (replacement == b.charAt(i)) {
        replacement = replacement == 'z' ? 'a' : (char) (replacement + 1);
      }
      b.setCharAt(i, replacement);
    }
    return b.toString();
  }

  /** Box-Muller, so that the noise depends only on the seed. */
  static double gaussian(SplittableRandom rng) {
    double u1 = 1 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  static double standardDeviation(List<Map<String, Object>> rows, String field) {
    double sum = 0;
    double sq = 0;
    long n = 0;
    for (Map<String, Object> r : rows) {
      if (r.get(field) instanceof Number x) {
        double v = x.doubleValue();
        sum += v;
        sq += v * v;
        n++;
      }
    }
    if (n < 2) {
      return 0;
    }
    double mean = sum / n;
    return Math.sqrt(Math.max(0, (sq - n * mean * mean) / (n - 1)));
  }
}
