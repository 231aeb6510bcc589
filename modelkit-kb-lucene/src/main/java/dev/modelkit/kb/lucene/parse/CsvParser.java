package dev.modelkit.kb.lucene.parse;

import dev.modelkit.spi.DocumentParseException;
import dev.modelkit.spi.DocumentParser;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV and TSV files, read with Apache Commons CSV; the first row names the columns. By default
 * every data row is a document ({@code csv.layout=row}); {@code csv.layout=file} makes the whole
 * table one document with one paragraph per row. See {@code IngestOptions} for the column options.
 */
public final class CsvParser implements DocumentParser {

  /** The most documents taken from one file in row layout. */
  static final int MAX_ROWS = 1_000_000;

  @Override
  public String format() {
    return "csv";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("csv", "tsv");
  }

  @Override
  public boolean recognizes(byte[] content) {
    return false;
  }

  @Override
  public boolean textual() {
    return true;
  }

  @Override
  public List<Parsed> parse(Input input) {
    String file = input.name();
    Map<String, String> o = input.options();
    String layout = o.getOrDefault("csv.layout", "row");
    if (!layout.equals("row") && !layout.equals("file")) {
      throw new DocumentParseException("The parser option csv.layout was '" + layout + "' for '" + file
          + "' but it must be 'row' (one document per row) or 'file' (one document per file)");
    }
    char delimiter = delimiter(file, o.get("csv.delimiter"), FileNames.extension(file).equals("tsv") ? '\t' : ',');
    TextDecoder.Decoded decoded = TextDecoder.decode(file, input.content(), o.get("text.charset"));
    TextBudget budget = new TextBudget(file, input.limits().maxChars());
    budget.spend(decoded.text().length());
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
        .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(true).build();
    List<Parsed> out = new ArrayList<>();
    StringBuilder whole = new StringBuilder();
    try (CSVParser csv = CSVParser.parse(new StringReader(decoded.text()), format)) {
      List<String> header = csv.getHeaderNames();
      if (header.isEmpty()) {
        throw new DocumentParseException("'" + file + "' has no header row; the first row must name the columns");
      }
      List<String> textColumns = columns(file, o.get("csv.textColumns"), header, "csv.textColumns");
      String titleColumn = column(file, o.get("csv.titleColumn"), header, "csv.titleColumn");
      String idColumn = column(file, o.get("csv.idColumn"), header, "csv.idColumn");
      Set<String> ids = new java.util.HashSet<>();
      for (CSVRecord record : csv) {
        String text = rowText(record, textColumns);
        if (text.isBlank()) {
          continue;
        }
        long row = record.getRecordNumber();
        if (layout.equals("file")) {
          whole.append(whole.length() > 0 ? "\n\n" : "").append(text);
          continue;
        }
        if (out.size() >= MAX_ROWS) {
          throw new DocumentParseException("'" + file + "' has more than " + MAX_ROWS + " rows; split it");
        }
        String suffix = idColumn == null ? "row-" + row : value(record, idColumn);
        if (suffix == null || suffix.isBlank() || !ids.add(suffix)) {
          suffix = "row-" + row;
        }
        String title = titleColumn == null ? null : value(record, titleColumn);
        Map<String, String> props = new HashMap<>();
        props.put("row", Long.toString(row));
        out.add(new Parsed(suffix, title, List.of(new Section(List.of(), 0, text)), props));
      }
    } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
      throw new DocumentParseException("'" + file + "' is not valid CSV (" + e.getMessage()
          + "); check quoting and the delimiter (option csv.delimiter)", e);
    }
    if (layout.equals("file")) {
      if (whole.length() == 0) {
        throw new DocumentParseException("'" + file + "' has no data rows; nothing to ingest");
      }
      return List.of(new Parsed(null, null, List.of(new Section(List.of(), 0, whole.toString())),
          Map.of("charset", decoded.charset())));
    }
    if (out.isEmpty()) {
      throw new DocumentParseException("'" + file + "' has no data rows; nothing to ingest");
    }
    return out;
  }

  private static String rowText(CSVRecord record, List<String> columns) {
    if (columns.size() == 1) {
      String v = value(record, columns.get(0));
      return v == null ? "" : v;
    }
    StringBuilder sb = new StringBuilder();
    for (String c : columns) {
      String v = value(record, c);
      if (v != null && !v.isBlank()) {
        sb.append(sb.length() > 0 ? "\n" : "").append(c).append(": ").append(v);
      }
    }
    return sb.toString();
  }

  private static String value(CSVRecord record, String column) {
    return record.isMapped(column) && record.isSet(column) ? record.get(column) : null;
  }

  private static char delimiter(String file, String option, char dflt) {
    if (option == null) {
      return dflt;
    }
    if (option.equals("\\t") || option.equals("tab")) {
      return '\t';
    }
    if (option.length() != 1) {
      throw new DocumentParseException("The parser option csv.delimiter was '" + option + "' for '" + file
          + "' but it must be one character, or 'tab'");
    }
    return option.charAt(0);
  }

  private static List<String> columns(String file, String option, List<String> header, String name) {
    if (option == null || option.isBlank()) {
      List<String> all = new ArrayList<>();
      for (String h : header) {
        if (h != null && !h.isBlank()) {
          all.add(h);
        }
      }
      return all;
    }
    List<String> out = new ArrayList<>(new LinkedHashSet<>(Arrays.asList(option.split("\\s*,\\s*"))));
    for (String c : out) {
      require(file, c, header, name);
    }
    return out;
  }

  private static String column(String file, String option, List<String> header, String name) {
    if (option == null || option.isBlank()) {
      return null;
    }
    require(file, option.strip(), header, name);
    return option.strip();
  }

  private static void require(String file, String column, List<String> header, String name) {
    if (!header.contains(column)) {
      throw new DocumentParseException("The parser option " + name + " names column '" + column + "' but '" + file
          + "' has only the columns " + header);
    }
  }
}
