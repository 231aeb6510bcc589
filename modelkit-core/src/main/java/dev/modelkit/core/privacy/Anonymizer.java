package dev.modelkit.core.privacy;

import dev.modelkit.privacy.AnonymizationMethod;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces the personal data a {@link PiiScanner} finds in a text.
 *
 * <p>Pseudonyms are {@code <type>_<first 16 hex digits of HMAC-SHA256(key, type + ":" + value)>}:
 * stable under one key (the same address gets the same token in every row and every run, so
 * counts, joins and duplicates survive), and not reversible or guessable without the key, unlike
 * a plain hash of a phone number, which a dictionary of all numbers undoes. E-mail addresses are
 * compared case-insensitively, phone and card numbers by their digits only.
 */
public final class Anonymizer {
  private final PiiScanner scanner;
  private final AnonymizationMethod method;
  private final byte[] key;

  /**
   * @param scanner finds what to replace
   * @param method mask or pseudonymise
   * @param key the HMAC key for pseudonyms (at least 16 bytes); may be null when masking
   * @throws IllegalArgumentException if pseudonymising without a key of 16 bytes or more
   */
  public Anonymizer(PiiScanner scanner, AnonymizationMethod method, byte[] key) {
    this.scanner = Objects.requireNonNull(scanner, "scanner");
    this.method = Objects.requireNonNull(method, "method");
    if (method == AnonymizationMethod.PSEUDONYMIZE && (key == null || key.length < 16)) {
      throw new IllegalArgumentException("pseudonymisation needs an HMAC key of at least 16 bytes");
    }
    this.key = key == null ? null : key.clone();
  }

  /**
   * @param text a text; null stays null
   * @return the text with every detected value replaced
   */
  public String anonymize(String text) {
    if (text == null) {
      return null;
    }
    List<PiiSpan> spans = scanner.find(text);
    if (spans.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (PiiSpan s : spans) {
      out.append(text, at, s.start());
      out.append(replacement(s.label(), s.in(text)));
      at = s.end();
    }
    out.append(text, at, text.length());
    return out.toString();
  }

  private String replacement(String label, String value) {
    if (method == AnonymizationMethod.MASK) {
      return "[" + label.toUpperCase(Locale.ROOT) + "]";
    }
    return label + "_" + pseudonym(label, canonical(label, value));
  }

  private static String canonical(String label, String value) {
    return switch (label) {
      case "email" -> value.toLowerCase(Locale.ROOT);
      case "phone", "payment_card" -> value.replaceAll("\\D", "");
      case "iban" -> value.replace(" ", "").toUpperCase(Locale.ROOT);
      default -> value;
    };
  }

  private String pseudonym(String label, String canonical) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] h = mac.doFinal((label + ":" + canonical).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime; this one lacks it", e);
    }
  }

  /**
   * Derives the pseudonymisation key of an organisation from its encryption key, so that hosts
   * manage one key per organisation.
   *
   * @param encryptionKey the organisation's AES key
   * @return 32 bytes: HMAC-SHA256(key, "modelkit-pseudonym")
   */
  public static byte[] derivePseudonymKey(SecretKey encryptionKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(encryptionKey.getEncoded(), "HmacSHA256"));
      return mac.doFinal("modelkit-pseudonym".getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime; this one lacks it", e);
    }
  }
}
