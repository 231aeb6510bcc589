package dev.modelkit.spi;

import java.util.Objects;

/**
 * An audit event as stored: its content, its place in its organisation's chain and the hashes
 * that link it.
 *
 * @param sequence 1-based position in the organisation's chain
 * @param draft the event's content
 * @param previousHash the hash of record {@code sequence - 1}, or {@link AuditChain#GENESIS}
 * @param hash {@link AuditChain#hash} of this record
 */
public record AuditRecord(long sequence, AuditDraft draft, String previousHash, String hash) {

  /** Validates the required fields. */
  public AuditRecord {
    Objects.requireNonNull(draft, "draft");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
  }
}
