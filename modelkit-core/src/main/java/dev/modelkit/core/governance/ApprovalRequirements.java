package dev.modelkit.core.governance;

import dev.modelkit.governance.Approval;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The approvals a model version needs before it may enter staging or production, and what is still
 * missing.
 *
 * <p>Requirements are per role: {@code {"risk_officer": 2}} needs two different users holding the
 * role {@code risk_officer} to approve for the stage. When the version's configuration asked for
 * approval ({@code deploymentConfig.approvalRequired}) without naming roles, one approval by any
 * holder of the {@code approve} permission is needed. Each user counts once per stage, for every
 * role they held when they approved; approvals for one stage do not count for another.
 *
 * @param byRole role to the number of distinct approvers holding it
 * @param anyApprover approvals by any {@code approve} holder needed when no role is named
 */
public record ApprovalRequirements(Map<String, Integer> byRole, int anyApprover) {

  /** Copies and orders the roles so that messages are stable. */
  public ApprovalRequirements {
    byRole = Map.copyOf(byRole);
  }

  /**
   * @param v the version
   * @param approvalRequired whether its configuration had {@code deploymentConfig.approvalRequired}
   * @return what it needs: its explicit map, else one approval if approval was required, else nothing
   */
  public static ApprovalRequirements of(ModelVersion v, boolean approvalRequired) {
    if (!v.requiredApprovals().isEmpty()) {
      return new ApprovalRequirements(v.requiredApprovals(), 0);
    }
    return new ApprovalRequirements(Map.of(), approvalRequired ? 1 : 0);
  }

  /** @return whether nothing is required */
  public boolean none() {
    return byRole.isEmpty() && anyApprover == 0;
  }

  /**
   * @param approvals the version's approvals
   * @param stage the stage
   * @return one phrase per unmet requirement, empty when the approvals for {@code stage} suffice
   */
  public List<String> missing(List<Approval> approvals, LifecycleStage stage) {
    List<String> missing = new ArrayList<>();
    Set<String> users = new HashSet<>();
    for (Approval a : approvals) {
      if (a.stage() == stage) {
        users.add(a.userId());
      }
    }
    if (anyApprover > users.size()) {
      missing.add(more(anyApprover - users.size()) + " by a holder of the 'approve' permission (has "
          + users.size() + " of " + anyApprover + ")");
    }
    for (Map.Entry<String, Integer> e : new TreeMap<>(byRole).entrySet()) {
      Set<String> holders = new HashSet<>();
      for (Approval a : approvals) {
        if (a.stage() == stage && a.roles().contains(e.getKey())) {
          holders.add(a.userId());
        }
      }
      if (holders.size() < e.getValue()) {
        missing.add(more(e.getValue() - holders.size()) + " by role '" + e.getKey() + "' (has " + holders.size()
            + " of " + e.getValue() + ")");
      }
    }
    return missing;
  }

  private static String more(int n) {
    return n + (n == 1 ? " more approval" : " more approvals");
  }
}
