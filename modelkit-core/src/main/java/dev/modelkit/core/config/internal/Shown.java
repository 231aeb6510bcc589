package dev.modelkit.core.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelkit.config.Violation;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How offending values appear in messages: short, and never a secret.
 *
 * <p>A field is secret-looking when one of the words of any segment of its path (words split at
 * camel case, {@code _}, {@code -}) is {@code key}, {@code token} or one of their plurals, or when
 * a segment contains {@code password}, {@code passwd}, {@code secret}, {@code apikey} or {@code
 * credential}. Whole words are required for "key" and "token" so that fields such as {@code
 * tokenization} or {@code keepLast} stay readable.
 */
public final class Shown {
  /** Replaces a secret value in messages. */
  public static final String MASK = "****";
  private static final int MAX = 80;
  private static final Set<String> SECRET_WORDS = Set.of("key", "keys", "token", "tokens", "pwd");
  private static final String[] SECRET_PARTS = {"password", "passwd", "secret", "apikey", "credential", "passphrase"};
  private static final Pattern WORD_BREAK = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|[_\\-\\s]+");

  private Shown() {}

  /**
   * @param node a JSON value
   * @return its text without quotes when it is a string, else its compact JSON; shortened
   */
  public static String raw(JsonNode node) {
    return shorten(node.isTextual() ? node.textValue() : node.toString());
  }

  /**
   * @param node a JSON value
   * @return its compact JSON, strings in quotes, to show that the JSON type was wrong; shortened
   */
  public static String json(JsonNode node) {
    return shorten(node.toString());
  }

  /**
   * @param text any text
   * @return the text, cut to 80 characters
   */
  public static String shorten(String text) {
    return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
  }

  /**
   * @param path a path such as {@code credentials.apiKey} or {@code environment.DB_PASSWORD}
   * @return whether a value at that path must not be shown
   */
  public static boolean isSecret(String path) {
    for (String segment : path.split("\\.")) {
      int bracket = segment.indexOf('[');
      String name = bracket >= 0 ? segment.substring(0, bracket) : segment;
      String lower = name.toLowerCase(Locale.ROOT);
      for (String part : SECRET_PARTS) {
        if (lower.contains(part)) {
          return true;
        }
      }
      for (String word : WORD_BREAK.split(name)) {
        if (SECRET_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * @param v a violation
   * @return the violation with its value masked when its path is secret-looking
   */
  public static Violation masked(Violation v) {
    return v.value() != null && isSecret(v.path()) ? new Violation(v.path(), MASK, v.expected()) : v;
  }
}
