package dev.modelkit.privacy;

import dev.modelkit.config.WireValue;

/** How detected personal data is replaced before training. */
public enum AnonymizationMethod implements WireValue {
  /**
   * Replaces each detected value by a placeholder naming its type ({@code [EMAIL]}); rows that
   * differed only in those values become equal.
   */
  MASK("mask"),
  /**
   * Replaces each detected value by a keyed HMAC-SHA256 token ({@code email_3f9a...}): the same
   * value always gets the same token under the same key, so joins and counts still work, and the
   * value cannot be recovered without the key.
   */
  PSEUDONYMIZE("pseudonymize");

  private final String wire;

  AnonymizationMethod(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
