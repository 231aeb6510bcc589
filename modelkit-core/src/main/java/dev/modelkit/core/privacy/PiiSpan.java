package dev.modelkit.core.privacy;

import dev.modelkit.privacy.PiiType;

/**
 * One span of personal data in a text.
 *
 * @param type what it is
 * @param start offset of the first character
 * @param end offset after the last character
 * @param detector {@code builtin} or the plugged-in detector's name
 * @param label the type's wire name, or the plugged-in detector's label
 */
public record PiiSpan(PiiType type, int start, int end, String detector, String label) {

  /**
   * @param text the text the span was found in
   * @return the span's characters
   */
  public String in(String text) {
    return text.substring(start, end);
  }

  boolean overlaps(PiiSpan o) {
    return start < o.end && o.start < end;
  }
}
