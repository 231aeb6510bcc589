package dev.modelkit.knowledge;

import dev.modelkit.config.WireValue;

/** Kinds of knowledge document in the seed. */
public enum DocumentType implements WireValue {
  /** Organisation policies and guidelines. */
  POLICY("policy"),
  /** Standard operating procedures. */
  PROCEDURE("procedure"),
  /** Industry regulations and compliance requirements. */
  REGULATION("regulation"),
  /** Historical cases and lessons learned. */
  CASE_STUDY("case_study"),
  /** Document templates and examples. */
  TEMPLATE("template");

  private final String wire;

  DocumentType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
