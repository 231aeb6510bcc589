package dev.modelkit.tck;

import dev.modelkit.spi.AuditChain;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.spi.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recomputes an organisation's audit chain from a store's records, independently of the store,
 * and lists everything that does not hold: a gap or repeat in the sequence, a previous hash that
 * is not the hash before, a hash that is not {@link AuditChain#hash} of the record, a head that is
 * not the last record.
 */
public final class AuditChainCheck {
  private static final int PAGE = 500;

  private AuditChainCheck() {}

  /**
   * @param store the store
   * @param organizationId the organisation whose chain is checked
   * @return one line per problem, empty if the chain is whole
   */
  public static List<String> problems(MetadataStore store, String organizationId) {
    List<String> problems = new ArrayList<>();
    long expected = 1;
    String previous = AuditChain.GENESIS;
    AuditRecord last = null;
    for (long after = 0; ; ) {
      List<AuditRecord> page = store.queryAudit(AuditQuery.all(organizationId).page(after, PAGE));
      for (AuditRecord r : page) {
        if (r.sequence() != expected) {
          problems.add("record " + r.sequence() + ": expected sequence " + expected);
        }
        if (!r.previousHash().equals(previous)) {
          problems.add("record " + r.sequence() + ": previous hash " + r.previousHash()
              + " is not the hash of the record before, " + previous);
        }
        String recomputed = AuditChain.hash(r.previousHash(), r.sequence(), r.draft());
        if (!recomputed.equals(r.hash())) {
          problems.add("record " + r.sequence() + ": stored hash " + r.hash() + " but its content hashes to "
              + recomputed);
        }
        expected = r.sequence() + 1;
        previous = r.hash();
        last = r;
      }
      if (page.size() < PAGE) {
        break;
      }
      after = page.get(page.size() - 1).sequence();
    }
    Optional<AuditRecord> head = store.auditHead(organizationId);
    if (last == null && head.isPresent()) {
      problems.add("head names record " + head.get().sequence() + " but no record is stored");
    } else if (last != null && head.isEmpty()) {
      problems.add("records up to " + last.sequence() + " are stored but there is no head");
    } else if (last != null) {
      if (head.get().sequence() != last.sequence()) {
        problems.add("head names record " + head.get().sequence() + " but the last stored record is "
            + last.sequence());
      }
      if (!head.get().hash().equals(last.hash())) {
        problems.add("head hash " + head.get().hash() + " differs from the last record's hash " + last.hash());
      }
    }
    return problems;
  }
}
