package dev.modelkit.spi;

import java.util.List;

/**
 * Finds personal data the built-in detectors do not know (national identity numbers, customer
 * numbers, names from a register). Found with {@link java.util.ServiceLoader}; every detector found
 * runs after the built-in ones on every scanned text value.
 */
public interface PiiDetector {

  /** @return a short name recorded on each finding */
  String name();

  /**
   * @param text one text value
   * @return the spans found; empty when none
   */
  List<Match> find(String text);

  /**
   * One span of personal data.
   *
   * @param start offset of the first character
   * @param end offset after the last character
   * @param label what it is, for reports ({@code national_id})
   */
  record Match(int start, int end, String label) {

    /** Checks the span. */
    public Match {
      if (start < 0 || end <= start) {
        throw new IllegalArgumentException("a PII match needs 0 <= start < end, was " + start + ".." + end);
      }
    }
  }
}
