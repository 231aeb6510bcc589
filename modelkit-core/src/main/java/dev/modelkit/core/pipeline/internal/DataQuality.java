package dev.modelkit.core.pipeline.internal;

import dev.modelkit.privacy.PiiReport;
import dev.modelkit.spi.DatasetRows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in data quality and personal-data metrics of a data set, as quality gates read them.
 *
 * <ul>
 *   <li>{@code data.rows}: rows read;</li>
 *   <li>{@code data.completeness}: the share of cells (rows x schema columns) that are present;</li>
 *   <li>{@code data.duplicate_rate}: the share of rows equal to an earlier row in every column;</li>
 *   <li>{@code data.label_balance}: rows of the rarest class / rows of the commonest, of the first
 *       output field (1 = balanced); absent for a numeric label;</li>
 *   <li>{@code data.schema_conformance}: rows whose every cell parsed as its declared type / rows
 *       in the files (rows removed by filters are not counted);</li>
 *   <li>{@code pii.findings}, {@code pii.<type>}, {@code pii.rows_with_pii}: personal data found in
 *       text cells.</li>
 * </ul>
 */
public final class DataQuality {
  private DataQuality() {}

  /**
   * @param rows the data
   * @param labelField the first output field, or null
   * @return the data quality metrics
   */
  public static Map<String, Double> of(DatasetRows rows, String labelField) {
    Map<String, Double> m = new LinkedHashMap<>();
    int n = rows.size();
    m.put("data.rows", (double) n);
    long cells = (long) n * rows.columns().size();
    long present = 0;
    Set<List<Object>> seen = new HashSet<>();
    long duplicates = 0;
    Map<String, Integer> classes = new HashMap<>();
    for (Map<String, Object> row : rows.rows()) {
      List<Object> key = new ArrayList<>(rows.columns().size());
      for (String c : rows.columns()) {
        Object v = row.get(c);
        if (v != null) {
          present++;
        }
        key.add(v);
      }
      if (!seen.add(key)) {
        duplicates++;
      }
      if (labelField != null && row.get(labelField) instanceof String label) {
        classes.merge(label, 1, Integer::sum);
      }
    }
    m.put("data.completeness", cells == 0 ? 0.0 : (double) present / cells);
    m.put("data.duplicate_rate", n == 0 ? 0.0 : (double) duplicates / n);
    if (classes.size() >= 2) {
      int min = classes.values().stream().mapToInt(Integer::intValue).min().orElse(0);
      int max = classes.values().stream().mapToInt(Integer::intValue).max().orElse(1);
      m.put("data.label_balance", (double) min / max);
    } else if (classes.size() == 1) {
      m.put("data.label_balance", 0.0);
    }
    int inFiles = n + rows.skippedRows();
    m.put("data.schema_conformance", inFiles == 0 ? 0.0 : (double) n / inFiles);
    return m;
  }

  /**
   * @param report a personal-data scan
   * @return {@code pii.findings}, {@code pii.rows_with_pii} and one count per type
   */
  public static Map<String, Double> of(PiiReport report) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("pii.findings", (double) report.total());
    m.put("pii.rows_with_pii", (double) report.itemsWithFindings());
    report.countsByType().forEach((type, count) -> m.put("pii." + type, (double) count));
    return m;
  }
}
