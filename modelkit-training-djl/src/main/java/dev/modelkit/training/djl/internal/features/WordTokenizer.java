package dev.modelkit.training.djl.internal.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in tokenizer: lower-cased runs of letters and digits of 2 to 30 characters; runs of
 * digits become {@code <num>} so that identifiers and dates do not flood the vocabulary.
 */
public final class WordTokenizer implements TextTokenizer {
  /** The name stored in a fitted pipeline. */
  public static final String NAME = "builtin";

  @Override
  public List<String> tokenize(String text, int maxTokens) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int n = text.length();
    int i = 0;
    StringBuilder sb = new StringBuilder();
    while (i < n && out.size() < maxTokens) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        sb.appendCodePoint(Character.toLowerCase(cp));
        if (i < n) {
          continue;
        }
      }
      if (sb.length() >= 2 && sb.length() <= 30) {
        out.add(allDigits(sb) ? "<num>" : sb.toString());
      }
      sb.setLength(0);
    }
    return out;
  }

  private static boolean allDigits(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
