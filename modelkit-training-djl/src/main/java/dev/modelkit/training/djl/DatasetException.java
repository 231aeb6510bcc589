package dev.modelkit.training.djl;

import dev.modelkit.TrainingException;

/**
 * Training data that cannot be used: a missing or unreadable file, a missing column, an
 * unparsable cell, an empty data set, a label with one class. The message names the file, the row
 * (1-based, counting the file's lines), the column and the value where they apply, and says how to
 * fix it; the same facts are available as accessors for programs.
 */
public class DatasetException extends TrainingException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long row;
  private final String column;
  private final String value;

  /**
   * @param message the complete message, naming file, row, column and value
   * @param file the file, or null
   * @param row the 1-based line, or 0 when the problem is not tied to one row
   * @param column the column, or null
   * @param value the offending value, or null
   */
  public DatasetException(String message, String file, long row, String column, String value) {
    super(message);
    this.file = file;
    this.row = row;
    this.column = column;
    this.value = value;
  }

  /**
   * @param message the complete message
   * @param file the file
   * @param cause the underlying failure
   */
  public DatasetException(String message, String file, Throwable cause) {
    super(message, cause);
    this.file = file;
    this.row = 0;
    this.column = null;
    this.value = null;
  }

  /** @return the file, or null */
  public String file() {
    return file;
  }

  /** @return the 1-based line number, or 0 */
  public long row() {
    return row;
  }

  /** @return the column, or null */
  public String column() {
    return column;
  }

  /** @return the offending value, or null */
  public String value() {
    return value;
  }
}
