package dev.modelkit.core.internal;

/**
 * Writes a string as a JSON string literal, for the few places that build small JSON documents by
 * hand on a hot or dependency-free path (webhook alert bodies, JSON Lines data set copies).
 */
public final class JsonStrings {
  private JsonStrings() {}

  /**
   * Appends {@code s} quoted and escaped as RFC 8259 requires: quote, backslash and every control
   * character below U+0020 are escaped; everything else is written as is.
   *
   * @param sb where to append
   * @param s the text
   * @return {@code sb}
   */
  public static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"');
  }
}
