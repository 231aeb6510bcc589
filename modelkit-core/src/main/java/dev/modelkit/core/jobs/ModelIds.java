package dev.modelkit.core.jobs;

import java.util.Locale;

/** Derives a model id from a model name: lower case, runs of other characters become one dash. */
public final class ModelIds {
  private ModelIds() {}

  /**
   * @param modelName for example {@code "Credit Risk Model v2"}
   * @return for example {@code "credit-risk-model-v2"}; empty when the name has no letter or digit
   *     a-z, 0-9
   */
  public static String slug(String modelName) {
    String lower = modelName.toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder(lower.length());
    boolean dash = false;
    for (int i = 0; i < lower.length(); i++) {
      char ch = lower.charAt(i);
      if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
        if (dash && sb.length() > 0) {
          sb.append('-');
        }
        dash = false;
        sb.append(ch);
      } else {
        dash = true;
      }
    }
    return sb.toString();
  }
}
