package dev.modelkit.privacy;

import dev.modelkit.config.WireValue;

/** The kinds of personal data the built-in detectors find; pluggable detectors report {@link #OTHER}. */
public enum PiiType implements WireValue {
  /** An e-mail address. */
  EMAIL("email"),
  /** A telephone number (international, North American or European national forms). */
  PHONE("phone"),
  /** A payment card number of 13 to 19 digits that passes the Luhn check. */
  PAYMENT_CARD("payment_card"),
  /** An IBAN whose country length and ISO 7064 mod-97 check digits are right. */
  IBAN("iban"),
  /** Found by a detector plugged in through {@code dev.modelkit.spi.PiiDetector}. */
  OTHER("other");

  private final String wire;

  PiiType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
