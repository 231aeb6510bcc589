package dev.modelkit.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one hash function of the audit chain, shared by every metadata store so that any store's
 * chain can be verified by the same code.
 *
 * <p>The hash of record n is SHA-256 over the hash of record n-1 (64 zeros for the first) and the
 * record's fields, each length-prefixed so that no two different records encode alike.
 */
public final class AuditChain {
  /** The previous hash of an organisation's first record. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /**
   * @param previousHash the hash of the previous record of the same organisation
   * @param sequence this record's sequence number in its organisation's chain
   * @param d the record's content
   * @return the lower-case hex SHA-256 that links this record
   */
  public static String hash(String previousHash, long sequence, AuditDraft d) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      StringBuilder sb = new StringBuilder();
      field(sb, previousHash);
      field(sb, Long.toString(sequence));
      field(sb, d.organizationId());
      field(sb, d.principal());
      field(sb, d.action());
      field(sb, d.entityKind());
      field(sb, d.entityId());
      field(sb, d.before());
      field(sb, d.after());
      field(sb, d.reason());
      field(sb, d.time().toString());
      return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void field(StringBuilder sb, String s) {
    if (s == null) {
      sb.append("-1:");
    } else {
      sb.append(s.length()).append(':').append(s);
    }
    sb.append('|');
  }
}
