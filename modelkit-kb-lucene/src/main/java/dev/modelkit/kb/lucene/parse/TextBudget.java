package dev.modelkit.kb.lucene.parse;

import dev.modelkit.spi.DocumentParseException;

/**
 * Counts the characters a parser extracts from one file and stops the parse as soon as the limit
 * is passed, so that a hostile file cannot fill the heap with text.
 */
final class TextBudget {
  private final String file;
  private final long max;
  private long used;

  TextBudget(String file, long max) {
    this.file = file;
    this.max = max;
  }

  /**
   * @param chars characters about to be kept
   * @throws DocumentParseException once the file's text exceeds the limit
   */
  void spend(long chars) {
    used += chars;
    if (used > max) {
      throw new DocumentParseException("'" + file + "' has more than " + max
          + " characters of text, the limit for one file; split it into smaller files or raise"
          + " modelkit.knowledge.maxChars");
    }
  }
}
