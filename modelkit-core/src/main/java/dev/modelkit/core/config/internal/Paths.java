package dev.modelkit.core.config.internal;

/** Builds the dotted, indexed paths that name a value in messages. */
public final class Paths {
  /** The path shown for a problem with the whole document. */
  public static final String ROOT = "(document)";

  private Paths() {}

  /**
   * @param parent the enclosing object's path, empty for the document
   * @param name a field name or map key
   * @return {@code parent.name}
   */
  public static String field(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  /**
   * @param parent the list's path
   * @param index a list index
   * @return {@code parent[index]}
   */
  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /**
   * @param path a relative path such as {@code parameters.beta1} or {@code stages[2].percentage}
   * @return its first field name, {@code parameters} or {@code stages}
   */
  public static String head(String path) {
    int end = path.length();
    int dot = path.indexOf('.');
    int bracket = path.indexOf('[');
    if (dot >= 0) {
      end = dot;
    }
    if (bracket >= 0 && bracket < end) {
      end = bracket;
    }
    return path.substring(0, end);
  }
}
