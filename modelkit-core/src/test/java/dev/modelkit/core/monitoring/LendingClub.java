package dev.modelkit.core.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lending Club loans of {@code data/credit/lending_club.csv} (9,857 rows, 22 features and
 * the class {@code good}/{@code bad}) as feature maps, and a fixed logistic score standing in for
 * a trained model.
 */
public final class LendingClub {
  /** The label column. */
  public static final String LABEL = "Class";

  private final List<Map<String, Object>> rows;
  private final List<String> labels;

  private LendingClub(List<Map<String, Object>> rows, List<String> labels) {
    this.rows = rows;
    this.labels = labels;
  }

  /** @return the data set, from the {@code modelkit.data} directory */
  public static LendingClub load() {
    Path file = Path.of(System.getProperty("modelkit.data", "../data"), "credit", "lending_club.csv");
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      String[] header = split(lines.get(0));
      List<Map<String, Object>> rows = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (int i = 1; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        String[] cells = lines.get(i).split(",", -1);
        Map<String, Object> row = new LinkedHashMap<>();
        for (int c = 0; c < header.length; c++) {
          String cell = cells[c];
          Object value = cell.startsWith("\"") ? cell.substring(1, cell.length() - 1)
              : cell.equals("NA") || cell.isEmpty() ? null : (Object) Double.parseDouble(cell);
          if (header[c].equals(LABEL)) {
            labels.add((String) value);
          } else {
            row.put(header[c], value);
          }
        }
        rows.add(Collections.unmodifiableMap(row));
      }
      return new LendingClub(List.copyOf(rows), List.copyOf(labels));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + "; run the tests through Maven so that modelkit.data is set", e);
    }
  }

  private static String[] split(String header) {
    String[] names = header.split(",");
    for (int i = 0; i < names.length; i++) {
      names[i] = names[i].replace("\"", "");
    }
    return names;
  }

  /** @return the feature maps */
  public List<Map<String, Object>> rows() {
    return rows;
  }

  /** @return the true classes, in row order */
  public List<String> labels() {
    return labels;
  }

  /**
   * A fixed logistic score of default risk from the interest rate, income and recent enquiries.
   *
   * @param row a row
   * @return the probability of {@code bad}
   */
  public static double score(Map<String, ?> row) {
    double rate = ((Number) row.get("int_rate")).doubleValue();
    double income = ((Number) row.get("annual_inc")).doubleValue();
    double enquiries = ((Number) row.get("inq_last_6mths")).doubleValue();
    double z = -5.2 + 0.17 * rate - 0.000004 * income + 0.25 * enquiries;
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * @param probability a score
   * @return the predicted class at a 0.1 cut-off
   */
  public static String predict(double probability) {
    return probability >= 0.1 ? "bad" : "good";
  }

  /**
   * @param row a row
   * @param factor the factor
   * @return a copy with {@code annual_inc} multiplied by the factor
   */
  public static Map<String, Object> scaleIncome(Map<String, Object> row, double factor) {
    Map<String, Object> copy = new LinkedHashMap<>(row);
    copy.put("annual_inc", ((Number) row.get("annual_inc")).doubleValue() * factor);
    return copy;
  }
}
