package dev.modelkit.training.djl.internal.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * RFC 4180 comma-separated values with a header row: quoted fields may hold commas, doubled quotes
 * and line breaks. An empty unquoted field is a missing value. Records with the wrong number of
 * fields are passed on as they are; the loader reports them with their line.
 */
public final class CsvRecordReader implements RecordReader {
  private final char delimiter;

  /** A comma-separated reader. */
  public CsvRecordReader() {
    this(',');
  }

  /** @param delimiter the field separator */
  public CsvRecordReader(char delimiter) {
    this.delimiter = delimiter;
  }

  @Override
  public void read(Reader in, List<String> wanted, Consumer<SourceHeader> headerSink, RecordSink sink) throws IOException {
    Tokenizer t = new Tokenizer(in, delimiter);
    List<String> header = t.next();
    if (header == null) {
      headerSink.accept(new SourceHeader(List.of(), Map.of(), Map.of()));
      return;
    }
    if (!header.isEmpty() && header.get(0) != null && header.get(0).startsWith("\uFEFF")) {
      header.set(0, header.get(0).substring(1));
    }
    List<String> columns = new ArrayList<>();
    for (String h : header) {
      columns.add(h == null ? "" : h.trim());
    }
    headerSink.accept(new SourceHeader(columns, Map.of(), Map.of()));
    while (true) {
      long line = t.line();
      List<String> rec = t.next();
      if (rec == null) {
        return;
      }
      if (rec.size() == 1 && rec.get(0) == null) {
        continue; // a blank line
      }
      sink.accept(line, rec.toArray(new String[0]));
    }
  }

  /** Splits the character stream into records, tracking the line each starts on. */
  private static final class Tokenizer {
    private final Reader in;
    private final char delimiter;
    private long line = 1;
    private int pushback = -2;

    Tokenizer(Reader in, char delimiter) {
      this.in = in;
      this.delimiter = delimiter;
    }

    long line() {
      return line;
    }

    private int read() throws IOException {
      if (pushback != -2) {
        int c = pushback;
        pushback = -2;
        return c;
      }
      return in.read();
    }

    List<String> next() throws IOException {
      int c = read();
      if (c == -1) {
        return null;
      }
      long startLine = line;
      List<String> fields = new ArrayList<>();
      StringBuilder sb = new StringBuilder();
      boolean quoted = false;
      boolean wasQuoted = false;
      while (true) {
        if (quoted) {
          if (c == -1) {
            throw new MalformedRecordException(startLine, "a quoted field opened on line " + startLine + " is never closed");
          }
          if (c == '"') {
            int d = read();
            if (d == '"') {
              sb.append('"');
            } else {
              quoted = false;
              c = d;
              continue;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            sb.append((char) c);
          }
          c = read();
          continue;
        }
        if (c == -1 || c == '\n' || c == '\r') {
          if (c == '\r') {
            int d = read();
            if (d != '\n') {
              pushback = d;
            }
          }
          if (c != -1) {
            line++;
          }
          fields.add(value(sb, wasQuoted));
          return fields;
        }
        if (c == delimiter) {
          fields.add(value(sb, wasQuoted));
          sb.setLength(0);
          wasQuoted = false;
        } else if (c == '"' && sb.length() == 0 && !wasQuoted) {
          quoted = true;
          wasQuoted = true;
        } else {
          sb.append((char) c);
        }
        c = read();
      }
    }

    private static String value(StringBuilder sb, boolean wasQuoted) {
      if (!wasQuoted && sb.length() == 0) {
        return null;
      }
      return sb.toString();
    }
  }
}
