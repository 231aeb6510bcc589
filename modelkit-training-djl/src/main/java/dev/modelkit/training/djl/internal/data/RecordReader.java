package dev.modelkit.training.djl.internal.data;

import java.io.IOException;
import java.io.Reader;
import java.util.List;

/** Streams the records of one file format. */
public interface RecordReader {

  /**
   * Reads the whole input, handing each record to the sink.
   *
   * @param in the decoded text
   * @param wanted columns the caller needs (JSON Lines reads only these; other formats read all)
   * @param headerSink receives the columns before the first record
   * @param sink receives the records
   * @throws IOException if reading fails
   * @throws MalformedRecordException if the text breaks the format
   */
  void read(Reader in, List<String> wanted, java.util.function.Consumer<SourceHeader> headerSink, RecordSink sink)
      throws IOException;

  /** A record that breaks the file format (an unclosed quote, a wrong field count, bad JSON). */
  final class MalformedRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long line;

    /**
     * @param line the 1-based line
     * @param message what is wrong
     */
    public MalformedRecordException(long line, String message) {
      super(message);
      this.line = line;
    }

    /** @return the 1-based line */
    public long line() {
      return line;
    }
  }
}
