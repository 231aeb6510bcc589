package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** How a field is interpreted. */
public enum DataType implements WireValue {
  /** A number. */
  NUMERIC("numeric"),
  /** One of a set of labels. */
  CATEGORICAL("categorical"),
  /** Free text, tokenised. */
  TEXT("text"),
  /**
   * A raw RFC 822 e-mail message: its Subject and body are read as text; transport headers
   * (Received, Return-Path, ...) are dropped.
   */
  EMAIL("email"),
  /** An ISO-8601 date or date-time. */
  DATETIME("datetime"),
  /** true or false. */
  BOOLEAN("boolean");

  private final String wire;

  DataType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
