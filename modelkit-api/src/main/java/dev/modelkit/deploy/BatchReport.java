package dev.modelkit.deploy;

import java.util.Map;

/**
 * What scoring a file did.
 *
 * @param input the input file
 * @param output the output file (JSON Lines, one object per input row, in input order)
 * @param rowsScored rows scored in this run
 * @param rowsSkipped rows already scored by an earlier, interrupted run and not scored again
 * @param rowsFailed rows whose prediction failed; each has an {@code error} field in the output
 * @param errors first failures, input row number (as text, for JSON) to message (at most 20)
 */
public record BatchReport(String input, String output, long rowsScored, long rowsSkipped, long rowsFailed, Map<String, String> errors) {
  /** Copies the map. */
  public BatchReport {
    errors = Map.copyOf(errors);
  }
}
