package dev.modelkit.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every attribute of the Statlog German Credit ARFF file ({@code data/credit/german_credit.arff},
 * CC BY 4.0) as feature rows: numeric attributes as numbers, nominal ones as strings, the {@code
 * class} attribute included.
 */
final class GermanCredit {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GermanCredit() {}

  static List<Map<String, Object>> rows(Path arff) {
    List<String> lines;
    try {
      lines = Files.readAllLines(arff, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + arff, e);
    }
    List<String> names = new ArrayList<>();
    List<Boolean> numeric = new ArrayList<>();
    List<Map<String, Object>> out = new ArrayList<>();
    boolean data = false;
    for (String raw : lines) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("%")) {
        continue;
      }
      if (!data) {
        if (line.regionMatches(true, 0, "@attribute", 0, 10)) {
          List<String> parts = CreditApplicant.fields(line.substring(10).trim().replaceFirst("\\s+", ","));
          names.add(parts.get(0));
          numeric.add(parts.size() > 1 && parts.get(1).toLowerCase(java.util.Locale.ROOT).startsWith("numeric")
              || parts.size() > 1 && parts.get(1).toLowerCase(java.util.Locale.ROOT).startsWith("real"));
        }
        data = line.equalsIgnoreCase("@data");
        continue;
      }
      List<String> f = CreditApplicant.fields(line);
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < names.size() && i < f.size(); i++) {
        row.put(names.get(i), numeric.get(i) ? (Object) Double.parseDouble(f.get(i)) : f.get(i));
      }
      out.add(row);
    }
    return out;
  }

  static String json(Map<String, Object> row) {
    Map<String, Object> features = new LinkedHashMap<>(row);
    features.remove("class");
    try {
      return JSON.writeValueAsString(Map.of("features", features));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
