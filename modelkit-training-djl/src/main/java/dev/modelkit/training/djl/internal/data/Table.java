package dev.modelkit.training.djl.internal.data;

import dev.modelkit.training.DataType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows read from one or more sources, restricted to the fields a job uses, with each field's
 * resolved type and each row's origin (file and line) for error messages.
 */
public final class Table {
  private final List<String> columns;
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<String, DataType> types;
  private final Map<String, List<String>> nominalValues;
  private final List<String[]> rows;
  private final List<String> files;
  private final int[] origins;
  private final long[] lines;

  /**
   * @param columns field names, indexing each row's values
   * @param types resolved type of each field
   * @param nominalValues declared value sets (ARFF nominal attributes), may be empty
   * @param rows the rows
   * @param files display names of the sources
   * @param origins for each row, its index into {@code files}
   * @param lines for each row, its 1-based line in its file
   */
  public Table(List<String> columns, Map<String, DataType> types, Map<String, List<String>> nominalValues,
      List<String[]> rows, List<String> files, int[] origins, long[] lines) {
    this.columns = List.copyOf(columns);
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i), i);
    }
    this.types = Map.copyOf(types);
    this.nominalValues = Map.copyOf(nominalValues);
    this.rows = rows;
    this.files = List.copyOf(files);
    this.origins = origins;
    this.lines = lines;
  }

  /** @return the field names */
  public List<String> columns() {
    return columns;
  }

  /** @return the number of rows */
  public int size() {
    return rows.size();
  }

  /**
   * @param field a field
   * @return its column index
   * @throws IllegalArgumentException if the table has no such field
   */
  public int column(String field) {
    Integer i = index.get(field);
    if (i == null) {
      throw new IllegalArgumentException("no field '" + field + "' among " + columns);
    }
    return i;
  }

  /**
   * @param field a field
   * @return whether the table holds it
   */
  public boolean has(String field) {
    return index.containsKey(field);
  }

  /**
   * @param row row index
   * @param field field
   * @return the raw cell, null when missing
   */
  public String value(int row, String field) {
    return rows.get(row)[column(field)];
  }

  /**
   * The cells of one row as a predictor reads them: field to raw cell, for the given fields this
   * table holds (others are left out, so the predictor reports them as missing).
   *
   * @param row row index
   * @param fields the fields a predictor reads
   * @return field to raw cell, in the order of {@code fields}
   */
  public Map<String, Object> request(int row, List<String> fields) {
    String[] cells = rows.get(row);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String f : fields) {
      Integer i = index.get(f);
      if (i != null) {
        out.put(f, cells[i]);
      }
    }
    return out;
  }

  /**
   * Fills in one cell, for a run that labels its own freshly loaded rows (self-training).
   *
   * @param row row index
   * @param field field
   * @param value the new raw cell
   * @throws IllegalArgumentException if the table has no such field
   */
  public void set(int row, String field, String value) {
    rows.get(row)[column(field)] = value;
  }

  /**
   * @param row row index
   * @return the row's values in column order (do not modify; use {@link #set})
   */
  public String[] row(int row) {
    return rows.get(row);
  }

  /**
   * @param field a field
   * @return its resolved type
   */
  public DataType type(String field) {
    return types.get(field);
  }

  /** @return every field's type */
  public Map<String, DataType> types() {
    return types;
  }

  /**
   * @param field a field
   * @return its declared values, empty when none were declared
   */
  public List<String> nominalValues(String field) {
    return nominalValues.getOrDefault(field, List.of());
  }

  /**
   * @param row row index
   * @return {@code file line N}, for messages
   */
  public String where(int row) {
    return files.get(origins[row]) + " line " + lines[row];
  }

  /**
   * @param row row index
   * @return the row's file
   */
  public String file(int row) {
    return files.get(origins[row]);
  }

  /**
   * @param row row index
   * @return the index of the row's source in {@link #files()}
   */
  public int origin(int row) {
    return origins[row];
  }

  /** @return the display names of the sources */
  public List<String> files() {
    return files;
  }

  /**
   * @param row row index
   * @return the row's 1-based line
   */
  public long line(int row) {
    return lines[row];
  }

  /**
   * @param keep row indices to keep, in order
   * @return a table of those rows
   */
  public Table select(int[] keep) {
    List<String[]> r = new java.util.ArrayList<>(keep.length);
    int[] o = new int[keep.length];
    long[] l = new long[keep.length];
    for (int i = 0; i < keep.length; i++) {
      r.add(rows.get(keep[i]));
      o[i] = origins[keep[i]];
      l[i] = lines[keep[i]];
    }
    return new Table(columns, types, nominalValues, r, files, o, l);
  }

  /**
   * @param other a table with the same columns
   * @return the rows of this table followed by the other's
   */
  public Table concat(Table other) {
    if (!other.columns.equals(columns)) {
      throw new IllegalArgumentException("columns differ: " + columns + " vs " + other.columns);
    }
    List<String[]> r = new java.util.ArrayList<>(rows);
    r.addAll(other.rows);
    List<String> f = new java.util.ArrayList<>(files);
    f.addAll(other.files);
    int[] o = new int[r.size()];
    long[] l = new long[r.size()];
    for (int i = 0; i < rows.size(); i++) {
      o[i] = origins[i];
      l[i] = lines[i];
    }
    for (int i = 0; i < other.rows.size(); i++) {
      o[rows.size() + i] = other.origins[i] + files.size();
      l[rows.size() + i] = other.lines[i];
    }
    return new Table(columns, types, nominalValues, r, f, o, l);
  }
}
