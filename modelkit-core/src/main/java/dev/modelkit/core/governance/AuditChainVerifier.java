package dev.modelkit.core.governance;

import dev.modelkit.governance.AuditVerification;
import dev.modelkit.spi.AuditChain;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.spi.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recomputes an organisation's audit chain from a {@link MetadataStore} and reports every record
 * that was altered, inserted or removed, by sequence number.
 *
 * <p>It trusts nothing the store says about a record's validity: it recomputes each hash with
 * {@link AuditChain#hash}, checks that each record names its predecessor's stored hash, that the
 * sequence has no gaps and starts at 1, and that the stored chain head agrees with the last record
 * (which is how a removed last record is detected). Any store can be verified by it.
 */
public final class AuditChainVerifier {
  private static final int PAGE = 1000;

  private AuditChainVerifier() {}

  /**
   * @param store the store
   * @param organizationId the organisation whose chain to verify
   * @return the verdict; {@link AuditVerification#problems()} names every bad record
   */
  public static AuditVerification verify(MetadataStore store, String organizationId) {
    List<String> problems = new ArrayList<>();
    long checked = 0;
    long expected = 1;
    String previousStoredHash = AuditChain.GENESIS;
    AuditRecord last = null;
    long after = 0;
    while (true) {
      List<AuditRecord> page = store.queryAudit(AuditQuery.all(organizationId).page(after, PAGE));
      for (AuditRecord r : page) {
        checked++;
        long seq = r.sequence();
        boolean contiguous = seq == expected;
        if (seq > expected) {
          problems.add(expected == seq - 1
              ? "record " + expected + " is missing"
              : "records " + expected + " to " + (seq - 1) + " are missing");
        } else if (seq < expected) {
          problems.add("record " + seq + " appears out of order or twice (expected sequence " + expected + ")");
        }
        String recomputed = AuditChain.hash(r.previousHash(), seq, r.draft());
        if (!recomputed.equals(r.hash())) {
          problems.add("record " + seq + " was altered: its content does not match its stored hash");
        }
        if (contiguous && !r.previousHash().equals(previousStoredHash)) {
          problems.add("record " + seq + " does not link to record " + (seq - 1)
              + ": its previous hash differs from that record's stored hash");
        }
        previousStoredHash = r.hash();
        expected = Math.max(expected, seq + 1);
        last = r;
        after = seq;
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    checkHead(store.auditHead(organizationId), last, problems);
    long headSequence = last == null ? 0 : last.sequence();
    String headHash = last == null ? AuditChain.GENESIS : last.hash();
    return new AuditVerification(organizationId, problems.isEmpty(), checked, problems, headSequence, headHash);
  }

  private static void checkHead(Optional<AuditRecord> head, AuditRecord last, List<String> problems) {
    if (head.isEmpty()) {
      if (last != null) {
        problems.add("the chain head is missing although records 1 to " + last.sequence() + " exist");
      }
      return;
    }
    long headSeq = head.get().sequence();
    if (last == null) {
      problems.add(headSeq == 1 ? "record 1 is missing (the chain head is at record 1)"
          : "records 1 to " + headSeq + " are missing (the chain head is at record " + headSeq + ")");
      return;
    }
    if (headSeq > last.sequence()) {
      problems.add(headSeq == last.sequence() + 1
          ? "record " + headSeq + " is missing (the chain head is at record " + headSeq + ")"
          : "records " + (last.sequence() + 1) + " to " + headSeq + " are missing (the chain head is at record "
              + headSeq + ")");
    } else if (headSeq < last.sequence()) {
      problems.add("records " + (headSeq + 1) + " to " + last.sequence()
          + " are beyond the chain head (record " + headSeq + "): they were inserted");
    } else if (!head.get().hash().equals(last.hash())) {
      problems.add("record " + headSeq + " does not match the chain head: its stored hash differs from the head's");
    }
  }
}
