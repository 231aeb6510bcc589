package dev.modelkit.knowledge;

import dev.modelkit.config.WireValue;

/** Editorial review state of a document. */
public enum ReviewStatus implements WireValue {
  /** Not yet reviewed. */
  DRAFT("draft"),
  /** Awaiting review. */
  PENDING("pending"),
  /** Reviewed and approved. */
  APPROVED("approved"),
  /** Reviewed and rejected. */
  REJECTED("rejected"),
  /** Needs re-review. */
  OUTDATED("outdated");

  private final String wire;

  ReviewStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
