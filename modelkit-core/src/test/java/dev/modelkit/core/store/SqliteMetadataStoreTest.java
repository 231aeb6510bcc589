package dev.modelkit.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.InvalidStateException;
import dev.modelkit.StoreException;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.tck.MetadataStoreCompatibilityKit;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
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
    void databaseUsesWalAndFullSync() throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("metadata.db"));
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertEquals("wal", rs.getString(1));
      }
      assertEquals("full", pragma("synchronous"));
    }

    private String pragma(String name) throws Exception {
      // synchronous is per connection: read it on the store's own writer through a save's effect
      // is not possible, so check the setting the dialect applies to every connection instead
      try (Connection c = new dev.modelkit.core.store.internal.SqliteDialect(dir.resolve("metadata.db")).connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA " + name)) {
        rs.next();
        return rs.getInt(1) == 2 ? "full" : "level " + rs.getInt(1);
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
    void tooLongIdsAreRejectedBeforeTheDatabase() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.save("job", "acme", "x".repeat(300), "QUEUED", "{}", 0, null));

      assertTrue(e.getMessage().startsWith("id must be at most 256 characters, was 300"), e.getMessage());
    }
  }
}
