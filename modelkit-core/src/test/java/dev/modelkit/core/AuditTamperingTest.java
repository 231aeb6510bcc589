package dev.modelkit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.AuditTrail;
import dev.modelkit.governance.AuditVerification;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditChain;
import dev.modelkit.spi.AuditDraft;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alters the stored audit trail behind ModelKit's back, with raw SQL on {@code metadata.db}, and
 * checks that {@code verify()} fails and names the record.
 */
class AuditTamperingTest {
  private static final String ORG = "acme";

  @TempDir Path home;

  /** Writes records 1..6 for acme and 1..2 for globex, then closes the runtime. */
  @BeforeEach
  void writeTrail() {
    try (ModelKit kit = open()) {
      TestModels.register(kit, ORG, "credit-risk", "1");                       // 1
      TestModels.register(kit, ORG, "credit-risk", "2");                       // 2
      var admin = kit.service(Principal.of("ada", ORG, Roles.ADMINISTRATOR)).models();
      admin.approve("credit-risk", "1", LifecycleStage.STAGING, "fine");      // 3
      admin.transition("credit-risk", "1", LifecycleStage.STAGING, "review"); // 4
      admin.transition("credit-risk", "1", LifecycleStage.PRODUCTION, "live"); // 5
      admin.transition("credit-risk", "2", LifecycleStage.ARCHIVED, "unused"); // 6
      TestModels.register(kit, "globex", "pricing", "1");
      TestModels.register(kit, "globex", "pricing", "2");
      AuditVerification ok = audit(kit).verify();
      assertTrue(ok.valid(), ok.problems().toString());
      assertEquals(6, ok.recordsChecked());
      assertEquals(6, ok.headSequence());
    }
  }

  private ModelKit open() {
    return ModelKit.builder().home(home).clock(SteppingClock.startingAt("2025-04-01T08:00:00Z")).build();
  }

  private static AuditTrail audit(ModelKit kit) {
    return kit.service(Principal.of("ada", ORG, Roles.ADMINISTRATOR)).audit();
  }

  private AuditVerification verifyAfter(String sql, Object... params) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("metadata.db"));
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      assertEquals(1, st.executeUpdate(), "the tampering statement must change exactly one row");
    }
    try (ModelKit kit = open()) {
      return audit(kit).verify();
    }
  }

  @Test
  void alteredFieldIsNamed() throws SQLException {
    AuditVerification v = verifyAfter(
        "UPDATE audit_record SET reason = 'nothing to see' WHERE organization_id = 'acme' AND seq_no = 4");
    assertFalse(v.valid());
    assertEquals(List.of("record 4 was altered: its content does not match its stored hash"), v.problems());
  }

  @Test
  void alteredPrincipalIsNamed() throws SQLException {
    AuditVerification v = verifyAfter(
        "UPDATE audit_record SET principal = 'someone-else' WHERE organization_id = 'acme' AND seq_no = 3");
    assertEquals(List.of("record 3 was altered: its content does not match its stored hash"), v.problems());
  }

  @Test
  void deletedMiddleRecordIsNamed() throws SQLException {
    AuditVerification v = verifyAfter("DELETE FROM audit_record WHERE organization_id = 'acme' AND seq_no = 3");
    assertFalse(v.valid());
    assertEquals(List.of("record 3 is missing"), v.problems());
    assertEquals(5, v.recordsChecked());
  }

  @Test
  void deletedLastRecordIsNamed() throws SQLException {
    AuditVerification v = verifyAfter("DELETE FROM audit_record WHERE organization_id = 'acme' AND seq_no = 6");
    assertFalse(v.valid());
    assertEquals(List.of("record 6 is missing (the chain head is at record 6)"), v.problems());
  }

  @Test
  void rewrittenRecordWithRecomputedHashBreaksTheLinkToTheNext() throws SQLException {
    // A careful forger recomputes record 4's hash after changing it; record 5 still names the old hash.
    String forgedHash;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("metadata.db"));
        PreparedStatement st = c.prepareStatement("SELECT * FROM audit_record WHERE organization_id = 'acme' AND seq_no = 4");
        ResultSet rs = st.executeQuery()) {
      assertTrue(rs.next());
      AuditDraft forged = new AuditDraft(ORG, rs.getString("principal"), rs.getString("action"),
          rs.getString("entity_kind"), rs.getString("entity_id"), rs.getString("before_json"),
          rs.getString("after_json"), "forged reason", Instant.parse(rs.getString("event_time")));
      forgedHash = AuditChain.hash(rs.getString("previous_hash"), 4, forged);
    }
    AuditVerification v = verifyAfter("UPDATE audit_record SET reason = 'forged reason', hash = ? "
        + "WHERE organization_id = 'acme' AND seq_no = 4", forgedHash);
    assertEquals(List.of("record 5 does not link to record 4: its previous hash differs from that record's stored hash"),
        v.problems());
  }

  @Test
  void otherOrganisationsChainIsUnaffected() throws SQLException {
    verifyAfter("DELETE FROM audit_record WHERE organization_id = 'acme' AND seq_no = 2");
    try (ModelKit kit = open()) {
      AuditVerification globex = kit.service(Principal.of("gus", "globex", Roles.ADMINISTRATOR)).audit().verify();
      assertTrue(globex.valid(), globex.problems().toString());
      assertEquals(2, globex.recordsChecked());
    }
  }
}
