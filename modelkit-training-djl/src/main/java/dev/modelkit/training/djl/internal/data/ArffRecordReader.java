package dev.modelkit.training.djl.internal.data;

import dev.modelkit.training.DataType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Weka's attribute-relation file format: {@code @attribute} lines declare each column's type
 * (numeric, nominal {@code {a, b}}, string, date), {@code @data} starts comma-separated records
 * whose values may be quoted with ' or " and where {@code ?} is missing. Sparse records ({@code
 * {...}}) are refused with their line.
 */
public final class ArffRecordReader implements RecordReader {

  @Override
  public void read(Reader in, List<String> wanted, Consumer<SourceHeader> headerSink, RecordSink sink) throws IOException {
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
    List<String> columns = new ArrayList<>();
    Map<String, DataType> types = new LinkedHashMap<>();
    Map<String, List<String>> nominal = new LinkedHashMap<>();
    String text;
    long line = 0;
    boolean data = false;
    while ((text = r.readLine()) != null) {
      line++;
      String t = text.strip();
      if (t.isEmpty() || t.startsWith("%")) {
        continue;
      }
      if (!data) {
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("@attribute")) {
          parseAttribute(line, t.substring("@attribute".length()).strip(), columns, types, nominal);
        } else if (lower.startsWith("@data")) {
          data = true;
          headerSink.accept(new SourceHeader(columns, types, nominal));
        } else if (!lower.startsWith("@relation")) {
          throw new MalformedRecordException(line, "expected @relation, @attribute or @data but found '" + abbreviate(t) + "'");
        }
        continue;
      }
      if (t.startsWith("{")) {
        throw new MalformedRecordException(line, "sparse ARFF records are not supported yet; write the file in dense form");
      }
      List<String> values = splitValues(line, t);
      sink.accept(line, values.toArray(new String[0]));
    }
    if (!data) {
      throw new MalformedRecordException(line, "the file has no @data section");
    }
  }

  private static void parseAttribute(long line, String rest, List<String> columns, Map<String, DataType> types,
      Map<String, List<String>> nominal) {
    String name;
    String type;
    if (rest.startsWith("'") || rest.startsWith("\"")) {
      char q = rest.charAt(0);
      int end = rest.indexOf(q, 1);
      if (end < 0) {
        throw new MalformedRecordException(line, "attribute name quote is never closed");
      }
      name = rest.substring(1, end);
      type = rest.substring(end + 1).strip();
    } else {
      int sp = indexOfWhitespace(rest);
      if (sp < 0) {
        throw new MalformedRecordException(line, "attribute '" + rest + "' has no type");
      }
      name = rest.substring(0, sp);
      type = rest.substring(sp).strip();
    }
    columns.add(name);
    String lt = type.toLowerCase(Locale.ROOT);
    if (type.startsWith("{")) {
      int end = type.lastIndexOf('}');
      if (end < 0) {
        throw new MalformedRecordException(line, "nominal values of '" + name + "' are not closed with }");
      }
      List<String> values = new ArrayList<>();
      for (String v : splitValues(line, type.substring(1, end))) {
        values.add(v);
      }
      types.put(name, DataType.CATEGORICAL);
      nominal.put(name, values);
    } else if (lt.startsWith("numeric") || lt.startsWith("real") || lt.startsWith("integer")) {
      types.put(name, DataType.NUMERIC);
    } else if (lt.startsWith("string")) {
      types.put(name, DataType.TEXT);
    } else if (lt.startsWith("date")) {
      types.put(name, DataType.DATETIME);
    } else {
      throw new MalformedRecordException(line, "attribute '" + name + "' has type '" + type
          + "', which is not supported yet (numeric, nominal, string and date are)");
    }
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  static List<String> splitValues(long line, String t) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = t.length();
    while (i <= n) {
      while (i < n && t.charAt(i) == ' ') {
        i++;
      }
      if (i < n && (t.charAt(i) == '\'' || t.charAt(i) == '"')) {
        char q = t.charAt(i);
        StringBuilder sb = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char c = t.charAt(i);
          if (c == '\\' && i + 1 < n) {
            sb.append(t.charAt(i + 1));
            i += 2;
            continue;
          }
          if (c == q) {
            closed = true;
            i++;
            break;
          }
          sb.append(c);
          i++;
        }
        if (!closed) {
          throw new MalformedRecordException(line, "a quoted value is never closed");
        }
        out.add(sb.toString());
        while (i < n && t.charAt(i) != ',') {
          i++;
        }
      } else {
        int end = t.indexOf(',', i);
        if (end < 0) {
          end = n;
        }
        String v = t.substring(i, end).strip();
        out.add(v.equals("?") || v.isEmpty() ? null : v);
        i = end;
      }
      i++;
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
