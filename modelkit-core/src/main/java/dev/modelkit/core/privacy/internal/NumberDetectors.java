package dev.modelkit.core.privacy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds payment card numbers (13 to 19 digits in groups, Luhn-valid, with a known issuer prefix)
 * and IBANs (country code, check digits, then the country's length, mod-97 valid), written
 * together or in groups of four.
 */
public final class NumberDetectors {
  private static final Pattern CARD = Pattern.compile("(?<![\\w\\-.])(?:\\d[ \\-]?){12,18}\\d(?![\\w\\-])");
  private static final Pattern IBAN = Pattern.compile(
      "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])");

  private NumberDetectors() {}

  /**
   * @param text a text
   * @return offsets of each card number
   */
  public static List<int[]> cards(String text) {
    List<int[]> out = new ArrayList<>();
    Matcher m = CARD.matcher(text);
    while (m.find()) {
      String digits = m.group().replaceAll("[ \\-]", "");
      if (digits.length() >= 13 && digits.length() <= 19 && consistentSeparators(m.group()) && knownIssuer(digits)
          && CheckDigits.luhn(digits)) {
        out.add(new int[] {m.start(), m.end()});
      }
    }
    return out;
  }

  /**
   * @param text a text
   * @return offsets of each IBAN
   */
  public static List<int[]> ibans(String text) {
    List<int[]> out = new ArrayList<>();
    Matcher m = IBAN.matcher(text);
    while (m.find()) {
      String compact = m.group().replace(" ", "").toUpperCase(Locale.ROOT);
      // a candidate may run into the next word; try the country's exact length from the start
      for (int len = Math.min(34, compact.length()); len >= 15; len--) {
        if (CheckDigits.iban(compact.substring(0, len))) {
          out.add(new int[] {m.start(), m.start() + offsetOfCompact(m.group(), len)});
          break;
        }
      }
    }
    return out;
  }

  private static int offsetOfCompact(String spaced, int compactChars) {
    int seen = 0;
    for (int i = 0; i < spaced.length(); i++) {
      if (spaced.charAt(i) != ' ') {
        seen++;
        if (seen == compactChars) {
          return i + 1;
        }
      }
    }
    return spaced.length();
  }

  /** Card numbers are written in one piece or with one kind of separator. */
  private static boolean consistentSeparators(String s) {
    return !(s.indexOf(' ') >= 0 && s.indexOf('-') >= 0);
  }

  /** Issuer identification ranges of the major schemes (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro). */
  private static boolean knownIssuer(String d) {
    int two = Integer.parseInt(d.substring(0, 2));
    int four = Integer.parseInt(d.substring(0, 4));
    return d.charAt(0) == '4'
        || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)
        || two == 34 || two == 37
        || d.startsWith("6011") || d.startsWith("65") || (four >= 6440 && four <= 6499)
        || (four >= 3528 && four <= 3589)
        || two == 36 || (four >= 3000 && four <= 3059) || two == 38 || two == 39
        || two == 62
        || two == 50 || (two >= 56 && two <= 69);
  }
}
