package dev.modelkit.training.djl.internal.data;

import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DataType;
import dev.modelkit.training.InvalidRowPolicy;
import dev.modelkit.training.djl.DatasetException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads a job's data sources into a {@link Table}: resolves paths against the data root, streams
 * each file (gzip-compressed when its name ends in {@code .gz}) while computing its SHA-256,
 * checks that the schema's columns exist, resolves field types (schema, then the format's
 * declarations, then inference), checks every cell against its type and applies the invalid-row
 * policy and the row filters. Every error names file, line, column and value.
 */
public final class DatasetLoader {
  private static final int EXAMPLES = 5;

  private final Path dataRoot;
  private final Clock clock;
  private final InvalidRowPolicy policy;

  /**
   * @param dataRoot the directory relative paths resolve against
   * @param clock the clock relative date filters use
   * @param policy what to do with a row holding an unparsable cell
   */
  public DatasetLoader(Path dataRoot, Clock clock, InvalidRowPolicy policy) {
    this.dataRoot = dataRoot;
    this.clock = clock;
    this.policy = policy;
  }

  /**
   * What was loaded.
   *
   * @param table the rows that passed
   * @param fingerprints source id to SHA-256 of the file's bytes
   * @param skippedRows rows skipped for unparsable cells
   * @param skippedExamples the first few skipped rows, each naming file, line, column and value
   * @param filteredRows rows removed by filters
   */
  public record Loaded(Table table, Map<String, String> fingerprints, int skippedRows, List<String> skippedExamples,
      int filteredRows) {}

  /**
   * @param source a data source
   * @return its file, resolved against the data root
   */
  public Path resolve(DataSource source) {
    Path p = Path.of(source.source());
    return p.isAbsolute() ? p : dataRoot.resolve(p);
  }

  /**
   * Checks that a source's file exists and can be read, without parsing it.
   *
   * @param source a data source
   * @return null when it is readable, otherwise what is wrong and how to fix it
   */
  public String checkReadable(DataSource source) {
    Path p = resolve(source);
    if (!Files.exists(p)) {
      return "file " + p + " does not exist (source '" + source.source() + "' resolved against " + dataRoot
          + "); check the path or the data root";
    }
    if (Files.isDirectory(p)) {
      return "file " + p + " is a directory; name a " + source.type().wireName() + " file";
    }
    if (!Files.isReadable(p)) {
      return "file " + p + " is not readable by this process; fix its permissions";
    }
    return null;
  }

  /**
   * Loads sources that share one schema.
   *
   * @param sources the sources, read in order
   * @param fields every field the job reads (inputs, outputs, time and group fields)
   * @param labelFields fields that must be present on every row (the outputs)
   * @param schemaTypes types given by the schema
   * @param timeField the field date filters apply to, or null
   * @return the table and its lineage facts
   * @throws DatasetException for a missing or unreadable file, a missing column, a malformed
   *     record, an unparsable cell under the fail policy, or no rows left
   */
  public Loaded load(List<DataSource> sources, List<String> fields, Set<String> labelFields,
      Map<String, DataType> schemaTypes, String timeField) {
    return load(sources, fields, labelFields, schemaTypes, timeField, 0);
  }

  /**
   * Like {@link #load(List, List, Set, Map, String)}, except that rows of the first {@code
   * unlabelledSources} sources may leave their label fields empty: they are unlabelled in-domain
   * rows for domain adaptation, labelled later by the source model.
   *
   * @param unlabelledSources how many leading sources may hold rows without labels
   * @return the table and its lineage facts; unlabelled rows hold a missing label cell
   * @throws DatasetException as {@link #load(List, List, Set, Map, String)} does
   */
  public Loaded load(List<DataSource> sources, List<String> fields, Set<String> labelFields,
      Map<String, DataType> schemaTypes, String timeField, int unlabelledSources) {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    List<String> files = new ArrayList<>();
    List<String[]> rows = new ArrayList<>();
    List<Integer> origin = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    Map<String, DataType> declared = new HashMap<>();
    Map<String, List<String>> nominal = new HashMap<>();
    List<RowFilter> filters = new ArrayList<>();
    Map<Integer, String> malformed = new HashMap<>();
    for (int s = 0; s < sources.size(); s++) {
      DataSource src = sources.get(s);
      Path file = resolve(src);
      files.add(file.toString());
      filters.add(RowFilter.of(src.filters(), timeField, clock));
      int before = rows.size();
      String sha = readSource(src, file, fields, declared, nominal, rows, lines, malformed);
      for (int i = before; i < rows.size(); i++) {
        origin.add(s);
      }
      fingerprints.put(src.id(), sha);
    }
    int[] origins = origin.stream().mapToInt(Integer::intValue).toArray();
    long[] lineArr = lines.stream().mapToLong(Long::longValue).toArray();
    if (rows.isEmpty()) {
      throw new DatasetException("the data set is empty: " + String.join(", ", files)
          + " holds no data rows; add rows or point the source at the right file", files.get(0), 0, null, null);
    }
    Map<String, DataType> types = new LinkedHashMap<>();
    for (int f = 0; f < fields.size(); f++) {
      String field = fields.get(f);
      DataType t = labelFields.contains(field) ? DataType.CATEGORICAL
          : schemaTypes.containsKey(field) ? schemaTypes.get(field)
          : declared.containsKey(field) ? declared.get(field)
          : infer(rows, f);
      types.put(field, t);
    }
    Table all = new Table(fields, types, nominal, rows, files, origins, lineArr);
    return check(all, fields, labelFields, filters, fingerprints, malformed, unlabelledSources);
  }

  private Loaded check(Table all, List<String> fields, Set<String> labelFields, List<RowFilter> filters,
      Map<String, String> fingerprints, Map<Integer, String> malformed, int unlabelledSources) {
    int skipped = 0;
    int filtered = 0;
    List<String> examples = new ArrayList<>();
    List<Integer> keep = new ArrayList<>();
    Map<String, Integer> present = new HashMap<>();
    for (int r = 0; r < all.size(); r++) {
      String[] row = all.row(r);
      String problem = null;
      String problemColumn = null;
      String problemValue = null;
      if (row == null) {
        problem = malformed.get(r);
      } else {
        for (int f = 0; f < fields.size() && problem == null; f++) {
          String field = fields.get(f);
          String v = row[f];
          if (!Cells.isMissing(v)) {
            present.merge(field, 1, Integer::sum);
          }
          boolean required = labelFields.contains(field) && all.origin(r) >= unlabelledSources;
          String why = cellProblem(all.type(field), v, required);
          if (why != null) {
            problem = why;
            problemColumn = field;
            problemValue = v;
          }
        }
      }
      if (problem != null) {
        String msg = all.where(r) + (problemColumn == null ? "" : " column '" + problemColumn + "'")
            + (problemValue == null ? "" : " value '" + abbreviate(problemValue) + "'") + ": " + problem;
        if (policy == InvalidRowPolicy.FAIL) {
          throw new DatasetException(msg + " (dataPreprocessing.invalidRows is fail; fix the row, or set it to skip"
              + " to skip and count such rows)", all.file(r), all.line(r), problemColumn, problemValue);
        }
        skipped++;
        if (examples.size() < EXAMPLES) {
          examples.add(msg);
        }
        continue;
      }
      int rr = r;
      RowFilter filter = filters.get(all.origin(r));
      if (!filter.isEmpty() && !filter.keep(field -> all.value(rr, field))) {
        filtered++;
        continue;
      }
      keep.add(r);
    }
    for (String field : fields) {
      boolean mayBeEmpty = unlabelledSources > 0 && labelFields.contains(field);
      if (!present.containsKey(field) && !keep.isEmpty() && !mayBeEmpty) {
        throw new DatasetException("column '" + field + "' has no value on any row of " + String.join(", ", filesOf(all))
            + "; fill it or remove it from the schema", filesOf(all).get(0), 0, field, null);
      }
    }
    if (keep.isEmpty()) {
      String why = skipped > 0 ? skipped + " rows were skipped as invalid (first: " + examples.get(0) + ")"
          : filtered + " rows were removed by the source filters";
      throw new DatasetException("the data set is empty after checking: " + why + "; fix the data or the filters",
          all.file(0), 0, null, null);
    }
    Table table = all.select(keep.stream().mapToInt(Integer::intValue).toArray());
    return new Loaded(table, fingerprints, skipped, examples, filtered);
  }

  private static List<String> filesOf(Table t) {
    return t.files();
  }

  /**
   * @param type the field's type
   * @param v the raw cell
   * @param required whether a missing value is a problem (labels)
   * @return what is wrong with the cell, or null
   */
  public static String cellProblem(DataType type, String v, boolean required) {
    if (Cells.isMissing(v)) {
      return required ? "the label is missing" : null;
    }
    return switch (type) {
      case NUMERIC -> Cells.isNumber(v) ? null : "is not a number";
      case BOOLEAN -> Cells.isBool(v) ? null : "is not a boolean (true/false, yes/no, 1/0)";
      case DATETIME -> Cells.isInstant(v) ? null : "is not an ISO-8601 date or date-time";
      default -> null;
    };
  }

  private String readSource(DataSource src, Path file, List<String> fields, Map<String, DataType> declared,
      Map<String, List<String>> nominal, List<String[]> rows, List<Long> lines, Map<Integer, String> malformed) {
    String problem = checkReadable(src);
    if (problem != null) {
      throw new DatasetException(problem, file.toString(), 0, null, null);
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
    RecordReader reader = readerFor(src.type());
    int[][] map = new int[1][];
    int[] headerSize = new int[1];
    try (InputStream raw = Files.newInputStream(file);
        DigestInputStream digest = new DigestInputStream(new BufferedInputStream(raw, 1 << 16), sha)) {
      InputStream in = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")
          ? new GZIPInputStream(digest, 1 << 16) : digest;
      BufferedReader text = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
      reader.read(text, fields, header -> {
        map[0] = mapColumns(file, header, fields, declared, nominal);
        headerSize[0] = header.columns().size();
      }, (line, values) -> {
        int[] m = map[0];
        if (values.length != headerSize[0]) {
          rows.add(null);
          malformed.put(rows.size() - 1, "has " + values.length + " fields but the header has " + headerSize[0]);
        } else {
          String[] out = new String[fields.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = values[m[i]];
          }
          rows.add(out);
        }
        lines.add(line);
      });
      byte[] rest = new byte[8192];
      while (digest.read(rest) >= 0) {
        // drain so that the fingerprint covers the whole file
      }
    } catch (RecordReader.MalformedRecordException e) {
      throw new DatasetException(file + " line " + e.line() + ": " + e.getMessage(), file.toString(), e.line(), null, null);
    } catch (NoSuchFileException e) {
      throw new DatasetException("file " + file + " does not exist; check the path", file.toString(), e);
    } catch (AccessDeniedException e) {
      throw new DatasetException("file " + file + " is not readable by this process; fix its permissions",
          file.toString(), e);
    } catch (java.util.zip.ZipException e) {
      throw new DatasetException("file " + file + " ends in .gz but is not valid gzip (" + e.getMessage()
          + "); compress it with gzip or drop the .gz suffix", file.toString(), e);
    } catch (IOException e) {
      throw new DatasetException("file " + file + " could not be read: " + e.getMessage(), file.toString(), e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static int[] mapColumns(Path file, SourceHeader header, List<String> fields, Map<String, DataType> declared,
      Map<String, List<String>> nominal) {
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < header.columns().size(); i++) {
      idx.putIfAbsent(header.columns().get(i), i);
    }
    List<String> missing = new ArrayList<>();
    int[] m = new int[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      Integer j = idx.get(fields.get(i));
      if (j == null) {
        missing.add(fields.get(i));
      } else {
        m[i] = j;
      }
    }
    if (!missing.isEmpty()) {
      throw new DatasetException("file " + file + " line 1: column" + (missing.size() > 1 ? "s " : " ") + quoteAll(missing)
          + (missing.size() > 1 ? " are" : " is") + " missing; the file's columns are " + header.columns()
          + "; fix the schema's field names or the file's header", file.toString(), 1, missing.get(0), null);
    }
    for (Map.Entry<String, DataType> e : header.declaredTypes().entrySet()) {
      declared.putIfAbsent(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, List<String>> e : header.nominalValues().entrySet()) {
      nominal.putIfAbsent(e.getKey(), e.getValue());
    }
    return m;
  }

  private static String quoteAll(List<String> names) {
    List<String> q = new ArrayList<>();
    for (String n : names) {
      q.add("'" + n + "'");
    }
    return String.join(", ", q);
  }

  private static RecordReader readerFor(DataFormat format) {
    return switch (format) {
      case CSV -> new CsvRecordReader();
      case JSONL, JSON -> new JsonLinesRecordReader();
      case ARFF -> new ArffRecordReader();
    };
  }

  /**
   * Infers a field's type from its values: numbers, booleans, dates (each when at least 95% of the
   * values parse, so that a few typos become invalid cells rather than turning a numeric column
   * into text), then few distinct short values (categorical) or free text.
   */
  private static DataType infer(List<String[]> rows, int f) {
    int numbers = 0;
    int bools = 0;
    int dates = 0;
    Set<String> distinct = new HashSet<>();
    long length = 0;
    int n = 0;
    for (String[] row : rows) {
      if (row == null || Cells.isMissing(row[f])) {
        continue;
      }
      String v = row[f];
      n++;
      length += v.length();
      if (distinct.size() <= 1000) {
        distinct.add(v);
      }
      boolean number = Cells.isNumber(v);
      numbers += number ? 1 : 0;
      bools += Cells.isBool(v) ? 1 : 0;
      dates += !number && v.length() >= 10 && Cells.isInstant(v) ? 1 : 0;
    }
    if (n == 0) {
      return DataType.CATEGORICAL;
    }
    double share = 0.95 * n;
    if (bools >= share && distinct.size() <= 4 && !(numbers >= share && distinct.size() > 2)) {
      return numbers == n ? DataType.NUMERIC : DataType.BOOLEAN;
    }
    if (numbers >= share) {
      return DataType.NUMERIC;
    }
    if (dates >= share) {
      return DataType.DATETIME;
    }
    double avg = (double) length / n;
    return distinct.size() <= Math.max(50, n / 20) && avg <= 40 ? DataType.CATEGORICAL : DataType.TEXT;
  }

  private static String abbreviate(String s) {
    String one = s.replace('\n', ' ').replace('\r', ' ');
    return one.length() > 60 ? one.substring(0, 57) + "..." : one;
  }
}
