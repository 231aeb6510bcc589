package dev.modelkit.governance;

import java.util.List;

/**
 * The result of verifying an organisation's audit chain.
 *
 * @param organizationId the organisation
 * @param valid whether every record is present and unaltered
 * @param recordsChecked records read
 * @param problems one line per problem, naming the record's sequence number and what is wrong
 * @param headSequence the last sequence number, to anchor externally
 * @param headHash the last hash, to anchor externally
 */
public record AuditVerification(
    String organizationId, boolean valid, long recordsChecked, List<String> problems, long headSequence, String headHash) {
  /** Copies the problems. */
  public AuditVerification {
    problems = List.copyOf(problems);
  }
}
