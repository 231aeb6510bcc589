package dev.modelkit.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A credit data file of the study (ARFF or CSV) held as its raw lines and parsed cells, so that
 * fold files can be written back byte for byte in the source's own format for ModelKit's engine,
 * while the anchors read the same rows as cells.
 *
 * @param file where it was read from
 * @param header the lines before the first data row (ARFF header up to {@code @data}, or the CSV header)
 * @param lines the data rows as written in the file
 * @param columns column names in file order
 * @param nominal whether each column is nominal (ARFF nominal attribute, or quoted CSV cells)
 * @param cells the parsed cells of each row, quotes removed
 * @param labelColumn index of the class column
 * @param positiveClass the class counted as positive
 */
record CreditTable(Path file, List<String> header, List<String> lines, List<String> columns, boolean[] nominal,
    List<String[]> cells, int labelColumn, String positiveClass) {

  /**
   * @param file an ARFF file with {@code @attribute} lines, or a CSV file whose first line names the columns
   * @param label the class column
   * @param positiveClass the positive class value
   * @return the table
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if the label column is missing or a row has the wrong cell count
   */
  static CreditTable read(Path file, String label, String positiveClass) {
    List<String> all;
    try {
      all = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + "; run from the repository root with -Dmodelkit.data=data", e);
    }
    boolean arff = file.toString().endsWith(".arff");
    List<String> header = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    List<Boolean> nominalArff = new ArrayList<>();
    int first;
    if (arff) {
      int i = 0;
      for (; i < all.size(); i++) {
        String line = all.get(i).trim();
        header.add(all.get(i));
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("@attribute")) {
          String rest = line.substring("@attribute".length()).trim();
          int space = rest.indexOf(' ');
          columns.add(unquote(rest.substring(0, space)));
          nominalArff.add(rest.substring(space).trim().startsWith("{"));
        } else if (lower.startsWith("@data")) {
          break;
        }
      }
      first = i + 1;
    } else {
      header.add(all.get(0));
      for (String c : split(all.get(0))) {
        columns.add(unquote(c));
      }
      first = 1;
    }
    List<String> lines = new ArrayList<>();
    List<String[]> cells = new ArrayList<>();
    boolean[] nominal = new boolean[columns.size()];
    for (int i = first; i < all.size(); i++) {
      String line = all.get(i);
      if (line.isBlank() || line.startsWith("%")) {
        continue;
      }
      List<String> raw = split(line);
      if (raw.size() != columns.size()) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + raw.size() + " cells, expected "
            + columns.size());
      }
      String[] row = new String[raw.size()];
      for (int c = 0; c < row.length; c++) {
        row[c] = unquote(raw.get(c));
        if (!arff && raw.get(c).startsWith("\"")) {
          nominal[c] = true;
        }
      }
      lines.add(line);
      cells.add(row);
    }
    if (arff) {
      for (int c = 0; c < nominal.length; c++) {
        nominal[c] = nominalArff.get(c);
      }
    }
    int labelColumn = columns.indexOf(label);
    if (labelColumn < 0) {
      throw new IllegalArgumentException(file + " has no column '" + label + "'; columns: " + columns);
    }
    return new CreditTable(file, List.copyOf(header), List.copyOf(lines), List.copyOf(columns), nominal, cells,
        labelColumn, positiveClass);
  }

  /** @return the number of data rows */
  int size() {
    return lines.size();
  }

  /** @return whether each row is of the positive class */
  boolean[] positives() {
    boolean[] out = new boolean[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = cells.get(i)[labelColumn].equals(positiveClass);
    }
    return out;
  }

  /** @return the input columns, all but the label, in file order */
  List<String> inputColumns() {
    List<String> out = new ArrayList<>(columns);
    out.remove(labelColumn);
    return out;
  }

  /**
   * Writes the given rows with this file's header, in its format.
   *
   * @param rows row indices
   * @param target the file to write
   * @throws UncheckedIOException if it cannot be written
   */
  void write(int[] rows, Path target) {
    List<String> out = new ArrayList<>(header);
    for (int r : rows) {
      out.add(lines.get(r));
    }
    try {
      Files.write(target, out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write fold file " + target, e);
    }
  }

  private static String unquote(String s) {
    String t = s.trim();
    if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '"') && t.charAt(t.length() - 1) == t.charAt(0)) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }

  /** Splits on commas outside single or double quotes, keeping the quotes. */
  private static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        }
        cell.append(ch);
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
        cell.append(ch);
      } else if (ch == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(ch);
      }
    }
    out.add(cell.toString());
    return out;
  }
}
