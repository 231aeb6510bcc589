package dev.modelkit.core.privacy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds telephone and fax numbers. A candidate is a run of digits with the separators people
 * write numbers with (single spaces, dashes, dots, slashes, parentheses), 7 to 15 digits long (the
 * E.164 maximum), not glued to a word, a URL or a longer number. It counts as a phone number when
 * it has one of these shapes:
 * <ol>
 *   <li>international: a leading {@code +}, or {@code 00} followed by separated groups;</li>
 *   <li>North American: {@code [1-](NNN) NNN-NNNN} in its common spellings;</li>
 *   <li>European national: a leading trunk {@code 0}, 9 to 12 digits, at least one space, dash or
 *       slash;</li>
 *   <li>anything else of 7 to 15 digits right after a word such as tel, phone, fax, call.</li>
 * </ol>
 * Dates, year ranges, IP addresses, decimal numbers and version strings are rejected first; they
 * are what most digit runs in real text are.
 */
public final class PhoneDetector {
  private static final Pattern CANDIDATE = Pattern.compile(
      "(?<![\\w.\\-/+@=#&%$,])(?:\\+ ?)?\\(?\\d(?:[\\d().\\-/]| (?=[\\d(]))*\\d");
  private static final Pattern NANP = Pattern.compile(
      "(?:1[ .\\-]?)?(?:\\(\\d{3}\\) ?|\\d{3}[ .\\-]?)\\d{3}[ .\\-]\\d{4}");
  private static final Pattern DATE = Pattern.compile(
      "(?:\\d{4}[\\-/.]\\d{1,2}[\\-/.]\\d{1,2}|\\d{1,2}[\\-/.]\\d{1,2}[\\-/.]\\d{2,4})(?:[ T]\\d{1,2})?");
  private static final Pattern YEAR_RANGE = Pattern.compile("(?:19|20)\\d\\d ?[\\-/] ?(?:19|20)\\d\\d");
  private static final Pattern IP = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");
  private static final Pattern KEYWORD = Pattern.compile(
      "(?i)\\b(?:tel|phone|fax|call|mobile|cell|voice|t\\u00e9l|telefon|telephone|ph|contact)[^\\n]{0,24}$");

  private PhoneDetector() {}

  /**
   * @param text a text
   * @return offsets of each phone number
   */
  public static List<int[]> find(String text) {
    List<int[]> out = new ArrayList<>();
    Matcher m = CANDIDATE.matcher(text);
    while (m.find()) {
      int start = m.start();
      int end = m.end();
      String c = m.group();
      if (end < text.length() && gluedAfter(text, end)) {
        continue;
      }
      if (accept(text, start, c)) {
        out.add(new int[] {start, end});
      }
    }
    return out;
  }

  private static boolean gluedAfter(String text, int end) {
    char next = text.charAt(end);
    if (Character.isLetterOrDigit(next) || next == '@' || next == '=' || next == '/' || next == '%') {
      return true;
    }
    return (next == '.' || next == '-') && end + 1 < text.length() && Character.isDigit(text.charAt(end + 1));
  }

  private static boolean accept(String text, int start, String c) {
    String digits = c.replaceAll("\\D", "");
    int n = digits.length();
    if (n < 7 || n > 15 || insideUrlOrParameter(text, start)) {
      return false;
    }
    if (DATE.matcher(c).matches() || YEAR_RANGE.matcher(c).matches() || IP.matcher(c).matches()) {
      return false;
    }
    boolean dots = c.indexOf('.') >= 0;
    boolean spaces = c.indexOf(' ') >= 0;
    if (dots && spaces || countOf(c, '/') > 1 || longestGroup(c) > 8 && !afterKeyword(text, start)) {
      return false;
    }
    if (c.startsWith("+")) {
      return n >= 8;
    }
    if (NANP.matcher(c).matches()) {
      return true;
    }
    boolean separated = c.matches(".*[ \\-/()].*");
    if (c.startsWith("00") && separated && n >= 10) {
      return true;
    }
    if (c.startsWith("0") && !dots && separated && n >= 9 && n <= 12) {
      return true;
    }
    return afterKeyword(text, start);
  }

  private static boolean afterKeyword(String text, int start) {
    int from = Math.max(0, start - 30);
    return KEYWORD.matcher(text.substring(from, start)).find();
  }

  /** Numbers inside URLs and key=value parameters are ids, not phone numbers. */
  private static boolean insideUrlOrParameter(String text, int start) {
    int tokenStart = start;
    while (tokenStart > 0 && !Character.isWhitespace(text.charAt(tokenStart - 1))) {
      tokenStart--;
    }
    String before = text.substring(tokenStart, start).toLowerCase(Locale.ROOT);
    return before.contains("://") || before.contains("www.") || before.contains("=") || before.contains("?")
        || before.contains("&");
  }

  private static int countOf(String s, char ch) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ch) {
        n++;
      }
    }
    return n;
  }

  private static int longestGroup(String s) {
    int best = 0;
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        run++;
        best = Math.max(best, run);
      } else {
        run = 0;
      }
    }
    return best;
  }
}
