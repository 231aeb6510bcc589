package dev.modelkit.training.djl.internal.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * JSON Lines: one JSON object per line. Only the wanted fields are kept; a field absent from an
 * object, or JSON null, is a missing value. Numbers and booleans keep their JSON text; nested
 * objects and arrays are kept as JSON text. A whole-file JSON array is also accepted.
 */
public final class JsonLinesRecordReader implements RecordReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void read(Reader in, List<String> wanted, Consumer<SourceHeader> headerSink, RecordSink sink) throws IOException {
    headerSink.accept(new SourceHeader(wanted, Map.of(), Map.of()));
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
    r.mark(1 << 16);
    int first;
    do {
      first = r.read();
    } while (first != -1 && Character.isWhitespace(first));
    r.reset();
    if (first == '[') {
      readArray(r, wanted, sink);
      return;
    }
    String text;
    long line = 0;
    while ((text = r.readLine()) != null) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw new MalformedRecordException(line, "the line is not valid JSON: " + e.getOriginalMessage());
      }
      if (!node.isObject()) {
        throw new MalformedRecordException(line, "each line must be a JSON object but found " + node.getNodeType());
      }
      sink.accept(line, extract(node, wanted));
    }
  }

  private static void readArray(BufferedReader r, List<String> wanted, RecordSink sink) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(r);
    } catch (JsonProcessingException e) {
      throw new MalformedRecordException(e.getLocation() == null ? 1 : e.getLocation().getLineNr(),
          "the file is not valid JSON: " + e.getOriginalMessage());
    }
    long i = 0;
    for (JsonNode node : root) {
      i++;
      if (!node.isObject()) {
        throw new MalformedRecordException(i, "array element " + i + " must be a JSON object");
      }
      sink.accept(i, extract(node, wanted));
    }
  }

  private static String[] extract(JsonNode node, List<String> wanted) {
    String[] values = new String[wanted.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode v = node.get(wanted.get(i));
      if (v == null || v.isNull()) {
        values[i] = null;
      } else if (v.isValueNode()) {
        values[i] = v.asText();
      } else {
        values[i] = v.toString();
      }
    }
    return values;
  }
}
