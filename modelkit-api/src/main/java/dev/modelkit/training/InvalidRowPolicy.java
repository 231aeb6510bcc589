package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** What happens to a data row with a cell that cannot be parsed as its field's type. */
public enum InvalidRowPolicy implements WireValue {
  /** Skip the row, count it, and report the first few with file, row, column and value. */
  SKIP,
  /** Fail the job on the first such row, naming file, row, column and value. */
  FAIL;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
