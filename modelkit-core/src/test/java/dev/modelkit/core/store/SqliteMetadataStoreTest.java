package dev.modelkit.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.InvalidStateException;
import dev.modelkit.StoreException;
import dev.modelkit.core.store.internal.SqliteDialect;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.tck.AuditChainCheck;
import dev.modelkit.tck.MetadataStoreCompatibilityKit;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Runs the metadata store kit on the embedded SQLite store, plus what is specific to it. */
class SqliteMetadataStoreTest extends MetadataStoreCompatibilityKit {

  @Override
  protected MetadataStore openStore(Path dir, Clock clock) {
    return SqliteMetadataStore.open(dir, clock);
  }

  @Nested
  class SqliteSpecifics {
    @Test
    void conflictMessageNamesKindIdAndBothVersions() {
      store.save("job", "acme", "j1", "QUEUED", "{}", 0, null);
      store.save("job", "acme", "j1", "RUNNING", "{}", 1, null);

      InvalidStateException e = assertThrows(InvalidStateException.class,
          () -> store.save("job", "acme", "j1", "FAILED", "{}", 1, null));

      assertEquals("job 'j1' of organisation 'acme' was expected at version 1 but the store has version 2."
          + " Someone else changed it first; read it again, reapply the change and save with"
          + " expectedVersion 2.", e.getMessage());
    }

    @Test
    void insertOverAnExistingObjectSaysHowToUpdate() {
      store.save("job", "acme", "j1", "QUEUED", "{}", 0, null);

      InvalidStateException e = assertThrows(InvalidStateException.class,
          () -> store.save("job", "acme", "j1", "QUEUED", "{}", 0, null));

      assertEquals("job 'j1' of organisation 'acme' was expected at version 0 but the store has version 1."
          + " It already exists; read it and save with expectedVersion 1.", e.getMessage());
    }

    @Test
    void auditOfAnotherOrganisationIsRefused() {
      AuditDraft foreign = new AuditDraft("globex", "alice", "job.created", "job", "j1", null, null, null,
          START);

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.save("job", "acme", "j1", "QUEUED", "{}", 0, foreign));

      assertTrue(e.getMessage().contains("'globex' differs from the object's 'acme'"), e.getMessage());
    }

    @Test
    void databaseIsInWalModeAndConnectionsSyncFully() throws Exception {
      // journal_mode is stored in the file; synchronous is set on every connection the dialect opens
      try (Connection c = new SqliteDialect(dir.resolve("metadata.db")).connect();
          Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
          rs.next();
          assertEquals("wal", rs.getString(1));
        }
        try (ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
          rs.next();
          assertEquals(2, rs.getInt(1), "2 is FULL");
        }
      }
    }

    @Test
    void aDatabaseFromANewerModelKitIsRefused() throws Exception {
      store.close();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("metadata.db"));
          Statement s = c.createStatement()) {
        s.execute("INSERT INTO schema_version (version, description, applied_at)"
            + " VALUES (99, 'from the future', '2030-01-01T00:00:00.000000000Z')");
      }

      StoreException e = assertThrows(StoreException.class, () -> SqliteMetadataStore.open(dir, clock));

      assertEquals("The metadata database " + dir.resolve("metadata.db") + " has schema version 99 but"
          + " this ModelKit knows versions up to 1: it was written by a newer ModelKit. Run that newer"
          + " version, or restore a backup taken before the upgrade; this version will not open it so as"
          + " not to damage it.", e.getMessage());
      store = null;
    }

    @Test
    void migrationsAreRecordedOnceAcrossReopens() throws Exception {
      reopen();
      reopen();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("metadata.db"));
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT version, description FROM schema_version")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
        assertEquals("Entities and the hash-chained audit trail", rs.getString(2));
        assertTrue(!rs.next(), "one row per migration");
      }
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedWithTheFix() throws Exception {
      store.close();
      store = null;
      Path other = dir.resolve("not-a-db");
      java.nio.file.Files.createDirectories(other);
      java.nio.file.Files.writeString(other.resolve("metadata.db"), "this is a text file, not SQLite ".repeat(200));

      StoreException e = assertThrows(StoreException.class, () -> SqliteMetadataStore.open(other, clock));

      assertTrue(e.getMessage().startsWith("Could not open the metadata database " + other.resolve("metadata.db")),
          e.getMessage());
      assertTrue(e.getMessage().contains("is damaged or is not a ModelKit metadata database"), e.getMessage());
    }

    @Test
    void anInterruptedThreadCanStillWriteAndRead() {
      // jobs are cancelled by interrupting their thread, which then records its final state
      Thread.currentThread().interrupt();
      try {
        store.save("job", "acme", "j1", "CANCELLED", "{}", 0, null);
        assertEquals("CANCELLED", store.get("job", "acme", "j1").orElseThrow().status());
        assertEquals(1, store.list("job", "acme", null, 0, 10).size());
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt must be kept for the caller");
      }
    }

    @Test
    void tamperingWithStoredAuditRecordsIsDetectable() throws Exception {
      for (int i = 1; i <= 4; i++) {
        store.appendAudit(new AuditDraft("acme", "alice", "job.viewed", "job", "j" + i, null, null, null, START));
      }
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("metadata.db"));
          Statement s = c.createStatement()) {
        s.execute("UPDATE audit_record SET principal = 'mallory' WHERE organization_id = 'acme' AND seq_no = 2");
        s.execute("DELETE FROM audit_record WHERE organization_id = 'acme' AND seq_no = 4");
      }

      List<String> problems = AuditChainCheck.problems(store, "acme");

      assertTrue(problems.stream().anyMatch(p -> p.startsWith("record 2: stored hash")), problems.toString());
      assertTrue(problems.contains("head names record 4 but the last stored record is 3"), problems.toString());
      assertEquals(SqliteMetadataStore.MISSING_HEAD_ACTION,
          store.auditHead("acme").orElseThrow().draft().action());
    }

    @Test
    void tooLongIdsAreRejectedBeforeTheDatabase() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.save("job", "acme", "x".repeat(300), "QUEUED", "{}", 0, null));

      assertTrue(e.getMessage().startsWith("id must be at most 256 characters, was 300"), e.getMessage());
    }
  }
}
