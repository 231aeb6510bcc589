package dev.modelkit.core.store;

import dev.modelkit.InvalidStateException;
import dev.modelkit.StoreException;
import dev.modelkit.core.store.internal.AuditRows;
import dev.modelkit.core.store.internal.EntityRows;
import dev.modelkit.core.store.internal.GroupCommitWriter;
import dev.modelkit.core.store.internal.ReaderPool;
import dev.modelkit.core.store.internal.SchemaMigrator;
import dev.modelkit.core.store.internal.Session;
import dev.modelkit.core.store.internal.SqliteDialect;
import dev.modelkit.core.store.internal.Timestamps;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded default {@link MetadataStore}: an SQLite database in {@code <home>/metadata.db}.
 *
 * <p>Durability: the database runs in write-ahead-log mode with {@code synchronous=FULL}, so every
 * call that returned has been fsynced and survives the process being killed (tested by killing a
 * writer 20 times) and, as far as SQLite and the disk guarantee, a power loss. Each save or delete
 * and its audit record are one transaction.
 *
 * <p>Concurrency: writes from all threads go through one connection and one writer thread that
 * commits the writes arriving together in one transaction (group commit, each write in its own
 * savepoint so a failing one is rolled back alone); a caller returns only after its write is
 * committed. The transaction takes SQLite's write lock ({@code BEGIN IMMEDIATE}). Reads run in
 * parallel on a small pool of connections and never wait for writes. SQLite's file locks also keep two
 * processes from corrupting the file, but ModelKit's runtime admits one process per home (see
 * {@link HomeLock}); several processes should share a PostgreSQL store instead.
 *
 * <p>Schema: versioned migrations ({@code migrations/V001.sql}, ...) are applied when the store
 * opens; a database written by a newer ModelKit is refused.
 *
 * <p>Portability: every statement is plain JDBC that PostgreSQL also accepts, except for what
 * {@code SqliteDialect} isolates (connection settings, write-lock transactions, error codes).
 *
 * <p>{@link #auditHead} returns the head as the head table records it (sequence and hash) with the
 * content of the record stored at that sequence; if that record is missing, its content is a
 * placeholder whose action is {@value #MISSING_HEAD_ACTION}, so that verifying the chain reports
 * the missing record instead of failing to read it.
 */
public final class SqliteMetadataStore implements MetadataStore {
  /** The database file's name inside the home directory. */
  public static final String FILE_NAME = "metadata.db";
  /** The action of the placeholder {@link #auditHead} returns when the head record is missing. */
  public static final String MISSING_HEAD_ACTION = "audit.head.missing";

  private static final int READERS = 4;

  private final SqliteDialect dialect;
  private final Clock clock;
  private final EntityRows entities;
  private final AuditRows audits = new AuditRows();
  private final GroupCommitWriter writer;
  private final ReaderPool readers;
  private volatile boolean closed;

  private SqliteMetadataStore(SqliteDialect dialect, Clock clock, GroupCommitWriter writer, ReaderPool readers) {
    this.dialect = dialect;
    this.clock = clock;
    this.entities = new EntityRows(dialect);
    this.writer = writer;
    this.readers = readers;
  }

  /**
   * Opens (creating if needed) the store in {@code home/metadata.db} with the system UTC clock.
   *
   * @param home the ModelKit home directory; created if missing
   * @return the open store
   * @throws StoreException if the directory or database cannot be created or opened, or the
   *     database was written by a newer ModelKit
   */
  public static SqliteMetadataStore open(Path home) {
    return open(home, Clock.systemUTC());
  }

  /**
   * Opens (creating if needed) the store in {@code home/metadata.db}.
   *
   * @param home the ModelKit home directory; created if missing
   * @param clock stamps {@link EntityRecord#createdAt()} and {@link EntityRecord#updatedAt()}
   * @return the open store
   * @throws StoreException if the directory or database cannot be created or opened, or the
   *     database was written by a newer ModelKit
   */
  public static SqliteMetadataStore open(Path home, Clock clock) {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(clock, "clock");
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new StoreException("Could not create the ModelKit home directory " + home + ": " + e
          + ". Choose a directory this process can write to.", e);
    }
    SqliteDialect dialect = new SqliteDialect(home.resolve(FILE_NAME));
    Connection writer = null;
    try {
      writer = dialect.connect();
      new SchemaMigrator(dialect, clock).migrate(writer);
      ReaderPool readers = new ReaderPool(dialect, READERS);
      return new SqliteMetadataStore(dialect, clock, new GroupCommitWriter(dialect, new Session(writer)), readers);
    } catch (SQLException e) {
      closeQuietly(writer);
      throw new StoreException("Could not open the metadata database " + dialect.file() + ": "
          + e.getMessage() + ". " + dialect.advice(e), e);
    } catch (RuntimeException e) {
      closeQuietly(writer);
      throw e;
    }
  }

  /** @return the database file */
  public Path file() {
    return dialect.file();
  }

  @Override
  public EntityRecord save(String kind, String organizationId, String id, String status, String json,
      long expectedVersion, AuditDraft audit) {
    checkKey(kind, organizationId, id);
    checkText("status", status, 64);
    Objects.requireNonNull(json, "json");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must be 0 (insert) or the version being"
          + " replaced, was " + expectedVersion);
    }
    checkAudit(audit, organizationId);
    return write("save " + kind + " '" + id + "' of organisation '" + organizationId + "'", c -> {
      Optional<EntityRecord> stored = entities.find(c, kind, organizationId, id);
      long actual = stored.map(EntityRecord::version).orElse(0L);
      if (actual != expectedVersion) {
        throw conflict(kind, organizationId, id, expectedVersion, stored);
      }
      Instant now = clock.instant();
      EntityRecord next = new EntityRecord(kind, organizationId, id, status, json, expectedVersion + 1,
          stored.map(EntityRecord::createdAt).orElse(now), now);
      if (stored.isEmpty()) {
        entities.insert(c, next);
      } else if (!entities.update(c, next, expectedVersion)) {
        throw conflict(kind, organizationId, id, expectedVersion, entities.find(c, kind, organizationId, id));
      }
      if (audit != null) {
        audits.append(c, audit);
      }
      return next;
    });
  }

  @Override
  public boolean delete(String kind, String organizationId, String id, long expectedVersion, AuditDraft audit) {
    checkKey(kind, organizationId, id);
    checkAudit(audit, organizationId);
    return write("delete " + kind + " '" + id + "' of organisation '" + organizationId + "'", c -> {
      if (!entities.delete(c, kind, organizationId, id, expectedVersion)) {
        return false;
      }
      if (audit != null) {
        audits.append(c, audit);
      }
      return true;
    });
  }

  @Override
  public Optional<EntityRecord> get(String kind, String organizationId, String id) {
    checkKey(kind, organizationId, id);
    return read("read " + kind + " '" + id + "'", c -> entities.find(c, kind, organizationId, id));
  }

  @Override
  public List<EntityRecord> list(String kind, String organizationId, String status, int offset, int limit) {
    checkText("kind", kind, 64);
    checkText("organizationId", organizationId, 128);
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be 0 or more, was " + offset);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return read("list " + kind, c -> entities.list(c, kind, organizationId, status, offset, limit));
  }

  @Override
  public long count(String kind, String organizationId, String status) {
    checkText("kind", kind, 64);
    checkText("organizationId", organizationId, 128);
    return read("count " + kind, c -> entities.count(c, kind, organizationId, status));
  }

  @Override
  public List<EntityRecord> listAllOrganizations(String kind, String status) {
    checkText("kind", kind, 64);
    checkText("status", status, 64);
    return read("list " + kind, c -> entities.listAllOrganizations(c, kind, status));
  }

  @Override
  public AuditRecord appendAudit(AuditDraft draft) {
    Objects.requireNonNull(draft, "draft");
    checkAudit(draft, draft.organizationId());
    return write("append an audit record for organisation '" + draft.organizationId() + "'",
        c -> audits.append(c, draft));
  }

  @Override
  public List<AuditRecord> queryAudit(AuditQuery query) {
    Objects.requireNonNull(query, "query");
    return read("query the audit trail", c -> audits.query(c, query));
  }

  @Override
  public Optional<AuditRecord> auditHead(String organizationId) {
    checkText("organizationId", organizationId, 128);
    return read("read the audit head", c -> {
      Optional<AuditRows.Head> head = audits.head(c, organizationId);
      if (head.isEmpty()) {
        return Optional.empty();
      }
      long sequence = head.get().sequence();
      Optional<AuditRecord> stored = audits.find(c, organizationId, sequence);
      AuditDraft content = stored.map(AuditRecord::draft).orElseGet(() -> new AuditDraft(organizationId,
          "modelkit", MISSING_HEAD_ACTION, "audit_record", Long.toString(sequence), null, null,
          "the audit head names record " + sequence + " but no such record is stored", Instant.EPOCH));
      String previous = stored.map(AuditRecord::previousHash).orElse("");
      return Optional.of(new AuditRecord(sequence, content, previous, head.get().hash()));
    });
  }

  /**
   * Finishes the writes already submitted, then closes every connection; later calls fail with
   * {@link StoreException}.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.close();
    readers.close();
  }

  @Override
  public String toString() {
    return "SqliteMetadataStore[" + dialect.file() + "]";
  }

  private <T> T write(String what, GroupCommitWriter.Work<T> work) {
    ensureOpen();
    try {
      return writer.write(work);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private <T> T read(String what, ReaderPool.Read<T> work) {
    ensureOpen();
    try {
      return readers.read(work);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private StoreException failure(String what, SQLException e) {
    return new StoreException("Could not " + what + " in the metadata database " + dialect.file() + ": "
        + e.getMessage() + ". " + dialect.advice(e), e);
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("The metadata store " + dialect.file()
          + " is closed: open a new one with SqliteMetadataStore.open(home).");
    }
  }

  private static InvalidStateException conflict(String kind, String org, String id, long expected,
      Optional<EntityRecord> stored) {
    String actual = stored.map(r -> "version " + r.version()).orElse("no such object");
    String fix = stored.isEmpty()
        ? "It may have been deleted; save it with expectedVersion 0 to create it again."
        : expected == 0
            ? "It already exists; read it and save with expectedVersion " + stored.get().version() + "."
            : "Someone else changed it first; read it again, reapply the change and save with"
                + " expectedVersion " + stored.get().version() + ".";
    return new InvalidStateException(kind + " '" + id + "' of organisation '" + org + "' was expected at version "
        + expected + " but the store has " + actual + ". " + fix);
  }

  private static void checkKey(String kind, String org, String id) {
    checkText("kind", kind, 64);
    checkText("organizationId", org, 128);
    checkText("id", id, 256);
  }

  private static void checkAudit(AuditDraft audit, String organizationId) {
    if (audit == null) {
      return;
    }
    if (!audit.organizationId().equals(organizationId)) {
      throw new IllegalArgumentException("the audit record's organizationId '" + audit.organizationId()
          + "' differs from the object's '" + organizationId + "'; an organisation's audit chain only"
          + " records its own objects");
    }
    checkText("audit.organizationId", audit.organizationId(), 128);
    checkText("audit.principal", audit.principal(), 256);
    checkText("audit.action", audit.action(), 128);
    checkText("audit.entityKind", audit.entityKind(), 64);
    checkText("audit.entityId", audit.entityId(), 256);
    Timestamps.format("audit.time", audit.time());
  }

  private static void checkText(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be " + (value == null ? "null" : "blank"));
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(field + " must be at most " + maxLength + " characters, was "
          + value.length() + " ('" + value.substring(0, 20) + "...')");
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // nothing is pending on a connection being closed after its last commit
      }
    }
  }
}
