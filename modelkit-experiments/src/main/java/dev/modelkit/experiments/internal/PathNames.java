package dev.modelkit.experiments.internal;

import java.nio.charset.StandardCharsets;

/** Turns ids into directory names that are safe on every file system. */
final class PathNames {

  private PathNames() {}

  /**
   * @param id an organisation or experiment id
   * @return the id with every character outside letters, digits, dot, dash and underscore
   *     written as {@code %XX} of its UTF-8 bytes, so that distinct ids stay distinct
   */
  static String segment(String id) {
    StringBuilder sb = new StringBuilder();
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || (c == '.' && sb.length() > 0)) {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return sb.toString();
  }
}
