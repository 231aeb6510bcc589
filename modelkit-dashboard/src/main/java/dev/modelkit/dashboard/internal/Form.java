package dev.modelkit.dashboard.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a POSTed form, URL-encoded or multipart (for uploads), and the query parameters of
 * a GET.
 */
final class Form {
  /** The largest request body accepted: a knowledge-base upload of a few documents. */
  static final int MAX_BODY = 32 * 1024 * 1024;

  /**
   * An uploaded file.
   *
   * @param name the file name the browser sent
   * @param content its bytes
   */
  record Upload(String name, byte[] content) {}

  private final Map<String, String> fields;
  private final List<Upload> uploads;

  private Form(Map<String, String> fields, List<Upload> uploads) {
    this.fields = fields;
    this.uploads = uploads;
  }

  static Form query(String rawQuery) {
    return new Form(urlEncoded(rawQuery), List.of());
  }

  static Form read(String contentType, InputStream body) throws IOException {
    byte[] bytes = readLimited(body);
    if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
      return multipart(contentType, bytes);
    }
    return new Form(urlEncoded(new String(bytes, StandardCharsets.UTF_8)), List.of());
  }

  String get(String name) {
    return fields.get(name);
  }

  String get(String name, String fallback) {
    String v = fields.get(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  List<Upload> uploads() {
    return uploads;
  }

  private static Map<String, String> urlEncoded(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        m.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException malformed) {
        throw new BadRequest("The request parameter '" + k + "' is not valid URL encoding.");
      }
    }
    return m;
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > MAX_BODY) {
        throw new BadRequest("The request body is larger than " + (MAX_BODY >> 20) + " MiB; upload fewer or smaller files.");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static Form multipart(String contentType, byte[] body) {
    String boundary = null;
    for (String part : contentType.split(";")) {
      String p = part.trim();
      if (p.startsWith("boundary=")) {
        boundary = p.substring("boundary=".length()).replace("\"", "");
      }
    }
    if (boundary == null) {
      throw new BadRequest("The multipart request has no boundary.");
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    Map<String, String> fields = new LinkedHashMap<>();
    List<Upload> uploads = new ArrayList<>();
    int pos = indexOf(body, delimiter, 0);
    while (pos >= 0) {
      int start = pos + delimiter.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        break;
      }
      start += 2; // CRLF after the delimiter
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
      int next = indexOf(body, delimiter, start);
      if (headerEnd < 0 || next < 0) {
        throw new BadRequest("The multipart request is truncated.");
      }
      String headers = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
      int contentStart = headerEnd + 4;
      int contentEnd = Math.max(contentStart, next - 2); // CRLF before the next delimiter
      String name = attribute(headers, "name");
      String filename = attribute(headers, "filename");
      byte[] content = java.util.Arrays.copyOfRange(body, contentStart, contentEnd);
      if (filename != null) {
        if (!filename.isEmpty()) {
          uploads.add(new Upload(filename, content));
        }
      } else if (name != null) {
        fields.putIfAbsent(name, new String(content, StandardCharsets.UTF_8));
      }
      pos = next;
    }
    return new Form(fields, uploads);
  }

  private static String attribute(String headers, String attr) {
    for (String line : headers.split("\r\n")) {
      if (!line.toLowerCase(java.util.Locale.ROOT).startsWith("content-disposition")) {
        continue;
      }
      for (String part : line.split(";")) {
        String p = part.trim();
        if (p.startsWith(attr + "=")) {
          String v = p.substring(attr.length() + 1);
          return v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2 ? v.substring(1, v.length() - 1) : v;
        }
      }
    }
    return null;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
