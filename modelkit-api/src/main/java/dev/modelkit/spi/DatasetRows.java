package dev.modelkit.spi;

import dev.modelkit.training.DataType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one or more data sources as a training engine reads them, for the parts of the
 * runtime that need the data itself rather than a model: the evaluation suite, pipeline data
 * quality gates and privacy scans. Reading through the engine keeps one parser, one notion of a
 * missing cell and one set of filters for training and everything around it.
 *
 * <p>Each row maps a schema field to its value: a {@link Double} for a numeric field, a {@link
 * String} for every other type, and {@code null} for a missing cell. Rows keep the order of the
 * files.
 *
 * @param columns the fields read, inputs first, then outputs
 * @param types the type of every column, declared or inferred
 * @param rows the rows that passed parsing and filters
 * @param fingerprints source id to the SHA-256 of its file's bytes
 * @param skippedRows rows skipped for unparsable cells under {@code InvalidRowPolicy.SKIP}
 * @param skippedExamples the first few skipped rows, each naming file, line, column and value
 * @param filteredRows rows removed by the sources' filters
 */
public record DatasetRows(List<String> columns, Map<String, DataType> types, List<Map<String, Object>> rows,
    Map<String, String> fingerprints, int skippedRows, List<String> skippedExamples, int filteredRows) {

  /** Copies the collections so that the record is immutable (rows themselves are copied by the engine). */
  public DatasetRows {
    columns = List.copyOf(columns);
    types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    rows = Collections.unmodifiableList(rows);
    fingerprints = Collections.unmodifiableMap(new LinkedHashMap<>(fingerprints));
    skippedExamples = List.copyOf(skippedExamples);
  }

  /** @return the number of rows read */
  public int size() {
    return rows.size();
  }
}
