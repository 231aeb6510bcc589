package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** The format of a data source. */
public enum DataFormat implements WireValue {
  /** Comma-separated values with a header row. */
  CSV("csv"),
  /** JSON Lines: one JSON object per line. */
  JSONL("jsonl"),
  /** A JSON array of objects, or JSON Lines. */
  JSON("json"),
  /** Weka's attribute-relation file format. */
  ARFF("arff");

  private final String wire;

  DataFormat(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
