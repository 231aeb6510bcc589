package dev.modelkit.kb.lucene.parse;

import java.util.Locale;

/** File name helpers shared by the parsers. */
final class FileNames {
  private FileNames() {}

  /**
   * @param name a file name or path
   * @return the extension in lower case without the dot, empty if there is none
   */
  static String extension(String name) {
    String base = baseName(name);
    int dot = base.lastIndexOf('.');
    return dot <= 0 || dot == base.length() - 1 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * @param name a file name or path
   * @return the last path element
   */
  static String baseName(String name) {
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return slash < 0 ? name : name.substring(slash + 1);
  }

  /**
   * @param name a file name
   * @return the name without its extension, for a fallback title
   */
  static String stem(String name) {
    String base = baseName(name);
    int dot = base.lastIndexOf('.');
    return dot <= 0 ? base : base.substring(0, dot);
  }
}
