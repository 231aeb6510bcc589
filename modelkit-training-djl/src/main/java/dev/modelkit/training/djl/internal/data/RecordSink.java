package dev.modelkit.training.djl.internal.data;

/** Receives the records of a source one at a time, so that large files are never held as text. */
@FunctionalInterface
public interface RecordSink {

  /**
   * @param line the 1-based line where the record starts
   * @param values the record's values aligned with the reader's columns; null for a missing value
   */
  void accept(long line, String[] values);
}
