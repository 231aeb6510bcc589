package dev.modelkit.core.privacy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds e-mail addresses: a local part of RFC 5322 "atext" characters and dots (not starting or
 * ending with a dot), {@code @}, and a domain of one or more dot-separated labels ending in an
 * alphabetic top-level label of 2 to 24 letters. Quoted local parts and IP-literal domains are not
 * matched: they do not occur in practice outside test suites.
 */
public final class EmailDetector {
  private static final Pattern EMAIL = Pattern.compile(
      "(?<![A-Za-z0-9._%+\\-])[A-Za-z0-9_%+\\-](?:[A-Za-z0-9._%+\\-]*[A-Za-z0-9_%+\\-])?"
          + "@(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![A-Za-z0-9\\-])");

  private EmailDetector() {}

  /**
   * @param text a text
   * @return start and end offsets of each address, in order
   */
  public static List<int[]> find(String text) {
    List<int[]> out = new ArrayList<>();
    Matcher m = EMAIL.matcher(text);
    while (m.find()) {
      if (!m.group().contains("..")) {
        out.add(new int[] {m.start(), m.end()});
      }
    }
    return out;
  }
}
