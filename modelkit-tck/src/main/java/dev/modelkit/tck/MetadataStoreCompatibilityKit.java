package dev.modelkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.InvalidStateException;
import dev.modelkit.spi.AuditChain;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.MetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link MetadataStore}, as tests every implementation extends.
 *
 * <p>Subclass it, implement {@link #openStore} and run it with JUnit 5:
 *
 * <pre>{@code
 * class MyStoreTest extends MetadataStoreCompatibilityKit {
 *   protected MetadataStore openStore(Path dir, Clock clock) { return MyStore.open(dir, clock); }
 * }
 * }</pre>
 *
 * <p>Each test gets an empty directory and a {@link ManualClock} that starts at {@link #START}
 * and moves only when the test moves it; random data comes from fixed seeds, so a failure
 * repeats.
 */
public abstract class MetadataStoreCompatibilityKit {
  /** The time the kit's clock shows at the start of each test. */
  protected static final Instant START = Instant.parse("2026-01-15T09:00:00Z");

  private static final String JOB = "job";
  private static final String ORG = "acme-bank";
  private static final String OTHER_ORG = "globex-insurance";

  /** An empty directory for this test's store, kept until the test ends. */
  @TempDir protected Path dir;

  /** The clock the store under test must take its timestamps from. */
  protected final ManualClock clock = new ManualClock(START);

  /** The store under test, opened before each test and closed after it. */
  protected MetadataStore store;

  /**
   * Opens the implementation under test.
   *
   * @param dir the directory it keeps its data in; the same directory means the same data
   * @param clock the clock for {@link EntityRecord#createdAt()} and {@link EntityRecord#updatedAt()}
   * @return an open store
   */
  protected abstract MetadataStore openStore(Path dir, Clock clock);

  @BeforeEach
  void openFreshStore() {
    store = openStore(dir, clock);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /**
   * Closes the store and opens it again on the same directory.
   *
   * @return the reopened store, also in {@link #store}
   */
  protected MetadataStore reopen() {
    store.close();
    store = openStore(dir, clock);
    return store;
  }

  /**
   * @param org the organisation
   * @param principal the user
   * @param action the action
   * @param id the job id
   * @param after the JSON after the change
   * @return an audit event about a job at the clock's time
   */
  protected AuditDraft audit(String org, String principal, String action, String id, String after) {
    return new AuditDraft(org, principal, action, JOB, id, null, after, "test", clock.instant());
  }

  private EntityRecord insert(String org, String id, String status) {
    String json = "{\"id\":\"" + id + "\",\"status\":\"" + status + "\"}";
    return store.save(JOB, org, id, status, json, 0, audit(org, "alice", "job.created", id, json));
  }

  private static List<String> ids(List<EntityRecord> records) {
    return records.stream().map(EntityRecord::id).collect(Collectors.toList());
  }

  @Nested
  @DisplayName("objects")
  class StoredObjects {
    @Test
    void insertedObjectReadsBackAsSaved() {
      EntityRecord saved = store.save(JOB, ORG, "job-1", "QUEUED", "{\"a\":1}", 0, null);

      assertEquals(new EntityRecord(JOB, ORG, "job-1", "QUEUED", "{\"a\":1}", 1, START, START), saved);
      assertEquals(Optional.of(saved), store.get(JOB, ORG, "job-1"));
    }

    @Test
    void missingObjectIsEmpty() {
      assertEquals(Optional.empty(), store.get(JOB, ORG, "nope"));
    }

    @Test
    void updateBumpsVersionAndKeepsCreationTime() {
      store.save(JOB, ORG, "job-1", "QUEUED", "{\"v\":1}", 0, null);
      Instant later = clock.advance(Duration.ofMinutes(5));

      EntityRecord updated = store.save(JOB, ORG, "job-1", "RUNNING", "{\"v\":2}", 1, null);

      assertEquals(new EntityRecord(JOB, ORG, "job-1", "RUNNING", "{\"v\":2}", 2, START, later), updated);
      assertEquals(Optional.of(updated), store.get(JOB, ORG, "job-1"));
    }

    @Test
    void bodyIsStoredVerbatim() {
      SplittableRandom random = new SplittableRandom(7);
      StringBuilder big = new StringBuilder("{\"text\":\"ünïcødé ✓ 𝄞 \\\"quoted\\\"\\n\",\"xs\":[");
      for (int i = 0; i < 100_000; i++) {
        big.append(random.nextInt()).append(',');
      }
      big.append("0]}");
      String json = big.toString();

      store.save(JOB, ORG, "big", "QUEUED", json, 0, null);

      assertEquals(json, store.get(JOB, ORG, "big").orElseThrow().json());
    }

    @Test
    void kindsAreSeparateNamespaces() {
      store.save(JOB, ORG, "x", "QUEUED", "{\"job\":true}", 0, null);
      store.save("experiment", ORG, "x", "DRAFT", "{\"experiment\":true}", 0, null);

      assertEquals("{\"job\":true}", store.get(JOB, ORG, "x").orElseThrow().json());
      assertEquals("{\"experiment\":true}", store.get("experiment", ORG, "x").orElseThrow().json());
    }

    @Test
    void listReturnsOldestFirst() {
      for (String id : List.of("c", "a", "b")) {
        insert(ORG, id, "QUEUED");
        clock.advance(Duration.ofSeconds(1));
      }

      assertEquals(List.of("c", "a", "b"), ids(store.list(JOB, ORG, null, 0, 10)));
    }

    @Test
    void listFiltersByStatus() {
      insert(ORG, "j1", "QUEUED");
      clock.advance(Duration.ofSeconds(1));
      insert(ORG, "j2", "RUNNING");
      clock.advance(Duration.ofSeconds(1));
      insert(ORG, "j3", "QUEUED");

      assertEquals(List.of("j1", "j3"), ids(store.list(JOB, ORG, "QUEUED", 0, 10)));
      assertEquals(List.of("j2"), ids(store.list(JOB, ORG, "RUNNING", 0, 10)));
      assertEquals(List.of(), store.list(JOB, ORG, "FAILED", 0, 10));
    }

    @Test
    void countAgreesWithListPerStatusKindAndOrganisation() {
      insert(ORG, "j1", "QUEUED");
      clock.advance(Duration.ofSeconds(1));
      insert(ORG, "j2", "RUNNING");
      clock.advance(Duration.ofSeconds(1));
      insert(ORG, "j3", "QUEUED");
      insert("globex", "g1", "QUEUED");
      store.save("model", ORG, "m1", "QUEUED", "{}", 0, null);

      assertEquals(3, store.count(JOB, ORG, null));
      assertEquals(2, store.count(JOB, ORG, "QUEUED"));
      assertEquals(1, store.count(JOB, ORG, "RUNNING"));
      assertEquals(0, store.count(JOB, ORG, "FAILED"));
      assertEquals(1, store.count(JOB, "globex", null));
      assertEquals(0, store.count(JOB, "nobody", null));
      // the newest page is one call away
      long n = store.count(JOB, ORG, null);
      assertEquals(List.of("j2", "j3"), ids(store.list(JOB, ORG, null, (int) n - 2, 2)));
    }

    @Test
    void listPagesWithoutOverlapOrLoss() {
      List<String> all = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        String id = String.format("job-%02d", 24 - i);
        all.add(id);
        store.save(JOB, ORG, id, "QUEUED", "{}", 0, null);
        clock.advance(Duration.ofMillis(1));
      }

      List<String> paged = new ArrayList<>();
      paged.addAll(ids(store.list(JOB, ORG, null, 0, 10)));
      paged.addAll(ids(store.list(JOB, ORG, null, 10, 10)));
      List<EntityRecord> last = store.list(JOB, ORG, null, 20, 10);
      paged.addAll(ids(last));

      assertEquals(5, last.size());
      assertEquals(all, paged);
      assertEquals(List.of(), store.list(JOB, ORG, null, 25, 10));
    }

    @Test
    void listAllOrganizationsFindsEveryOrganisationsObjects() {
      insert(ORG, "a1", "RUNNING");
      clock.advance(Duration.ofSeconds(1));
      insert(OTHER_ORG, "b1", "RUNNING");
      clock.advance(Duration.ofSeconds(1));
      insert(ORG, "a2", "SUCCEEDED");

      List<EntityRecord> running = store.listAllOrganizations(JOB, "RUNNING");

      assertEquals(List.of("a1", "b1"), ids(running));
      assertEquals(List.of(ORG, OTHER_ORG),
          running.stream().map(EntityRecord::organizationId).collect(Collectors.toList()));
    }

    @Test
    void deleteRemovesOnlyTheExpectedVersion() {
      insert(ORG, "j1", "QUEUED");

      assertFalse(store.delete(JOB, ORG, "j1", 2, null));
      assertTrue(store.get(JOB, ORG, "j1").isPresent());
      assertTrue(store.delete(JOB, ORG, "j1", 1, null));
      assertEquals(Optional.empty(), store.get(JOB, ORG, "j1"));
      assertFalse(store.delete(JOB, ORG, "j1", 1, null));
    }

    @Test
    void deletedIdCanBeCreatedAgain() {
      insert(ORG, "j1", "QUEUED");
      store.delete(JOB, ORG, "j1", 1, null);

      assertEquals(1, insert(ORG, "j1", "QUEUED").version());
    }

    @Test
    void badArgumentsAreRejected() {
      assertThrows(IllegalArgumentException.class, () -> store.list(JOB, ORG, null, 0, 0));
      assertThrows(IllegalArgumentException.class, () -> store.list(JOB, ORG, null, -1, 10));
      assertThrows(IllegalArgumentException.class,
          () -> store.save(JOB, ORG, "j", "QUEUED", "{}", -1, null));
    }
  }

  @Nested
  @DisplayName("organisation isolation")
  class Isolation {
    @Test
    void sameIdInTwoOrganisationsAreDifferentObjects() {
      store.save(JOB, ORG, "shared", "QUEUED", "{\"org\":\"a\"}", 0, null);
      store.save(JOB, OTHER_ORG, "shared", "RUNNING", "{\"org\":\"b\"}", 0, null);

      assertEquals("{\"org\":\"a\"}", store.get(JOB, ORG, "shared").orElseThrow().json());
      assertEquals("{\"org\":\"b\"}", store.get(JOB, OTHER_ORG, "shared").orElseThrow().json());
    }

    @Test
    void anotherOrganisationsObjectIsInvisible() {
      insert(ORG, "secret", "QUEUED");

      assertEquals(Optional.empty(), store.get(JOB, OTHER_ORG, "secret"));
      assertEquals(List.of(), store.list(JOB, OTHER_ORG, null, 0, 10));
      assertFalse(store.delete(JOB, OTHER_ORG, "secret", 1, null));
      assertThrows(InvalidStateException.class,
          () -> store.save(JOB, OTHER_ORG, "secret", "RUNNING", "{}", 1, null));
      assertTrue(store.get(JOB, ORG, "secret").isPresent());
    }

    @Test
    void eachOrganisationHasItsOwnAuditChain() {
      insert(ORG, "a1", "QUEUED");
      insert(ORG, "a2", "QUEUED");
      insert(OTHER_ORG, "b1", "QUEUED");

      assertEquals(List.of(1L, 2L), sequences(store.queryAudit(AuditQuery.all(ORG))));
      assertEquals(List.of(1L), sequences(store.queryAudit(AuditQuery.all(OTHER_ORG))));
      assertEquals(2, store.auditHead(ORG).orElseThrow().sequence());
      assertEquals(1, store.auditHead(OTHER_ORG).orElseThrow().sequence());
      assertTrue(store.queryAudit(AuditQuery.all(OTHER_ORG)).stream()
          .allMatch(r -> r.draft().organizationId().equals(OTHER_ORG)));
    }
  }

  @Nested
  @DisplayName("optimistic concurrency")
  class OptimisticConcurrency {
    @Test
    void insertingAnExistingIdFailsAndNamesTheObject() {
      insert(ORG, "j1", "QUEUED");

      InvalidStateException e = assertThrows(InvalidStateException.class,
          () -> store.save(JOB, ORG, "j1", "QUEUED", "{}", 0, null));

      assertTrue(e.getMessage().contains("j1") && e.getMessage().contains(JOB), e.getMessage());
      assertEquals("QUEUED", store.get(JOB, ORG, "j1").orElseThrow().status());
    }

    @Test
    void staleUpdateFailsAndKeepsTheWinner() {
      insert(ORG, "j1", "QUEUED");
      store.save(JOB, ORG, "j1", "RUNNING", "{\"winner\":true}", 1, null);

      InvalidStateException e = assertThrows(InvalidStateException.class,
          () -> store.save(JOB, ORG, "j1", "CANCELLED", "{\"loser\":true}", 1, null));

      assertTrue(e.getMessage().contains("j1") && e.getMessage().contains("2"), e.getMessage());
      EntityRecord stored = store.get(JOB, ORG, "j1").orElseThrow();
      assertEquals("{\"winner\":true}", stored.json());
      assertEquals(2, stored.version());
    }

    @Test
    void updatingAMissingObjectFails() {
      assertThrows(InvalidStateException.class,
          () -> store.save(JOB, ORG, "ghost", "RUNNING", "{}", 3, null));
      assertEquals(Optional.empty(), store.get(JOB, ORG, "ghost"));
    }

    @Test
    void aFailedSaveAppendsNoAuditRecord() {
      insert(ORG, "j1", "QUEUED");
      AuditRecord head = store.auditHead(ORG).orElseThrow();

      assertThrows(InvalidStateException.class, () -> store.save(JOB, ORG, "j1", "RUNNING", "{}", 7,
          audit(ORG, "bob", "job.started", "j1", "{}")));

      assertEquals(head, store.auditHead(ORG).orElseThrow());
      assertEquals(1, store.queryAudit(AuditQuery.all(ORG)).size());
    }

    @Test
    void concurrentReadModifyWriteLosesNoUpdate() throws Exception {
      store.save(JOB, ORG, "counter", "OPEN", "0", 0, null);
      int threads = 8;
      int incrementsEach = 25;
      AtomicInteger conflicts = new AtomicInteger();

      runConcurrently(threads, t -> {
        for (int i = 0; i < incrementsEach; i++) {
          while (true) {
            EntityRecord current = store.get(JOB, ORG, "counter").orElseThrow();
            String next = Integer.toString(Integer.parseInt(current.json()) + 1);
            try {
              store.save(JOB, ORG, "counter", "OPEN", next, current.version(),
                  audit(ORG, "worker-" + t, "counter.incremented", "counter", next));
              break;
            } catch (InvalidStateException e) {
              conflicts.incrementAndGet();
            }
          }
        }
        return null;
      });

      EntityRecord result = store.get(JOB, ORG, "counter").orElseThrow();
      assertEquals(Integer.toString(threads * incrementsEach), result.json());
      assertEquals(threads * incrementsEach + 1, result.version());
      assertEquals(threads * incrementsEach, store.queryAudit(AuditQuery.all(ORG)).size());
      assertEquals(List.of(), AuditChainCheck.problems(store, ORG));
    }
  }

  @Nested
  @DisplayName("audit trail")
  class AuditTrail {
    @Test
    void recordsAreNumberedFromOneAndChained() {
      List<AuditRecord> appended = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        appended.add(store.appendAudit(audit(ORG, "alice", "job.viewed", "j" + i, null)));
        clock.advance(Duration.ofSeconds(1));
      }

      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(appended));
      String previous = AuditChain.GENESIS;
      for (AuditRecord r : appended) {
        assertEquals(previous, r.previousHash());
        assertEquals(AuditChain.hash(previous, r.sequence(), r.draft()), r.hash());
        previous = r.hash();
      }
      assertEquals(appended, store.queryAudit(AuditQuery.all(ORG)));
      assertEquals(List.of(), AuditChainCheck.problems(store, ORG));
    }

    @Test
    void everyFieldRoundTripsExactly() {
      Instant precise = Instant.parse("2026-03-01T12:34:56.123456789Z");
      AuditDraft full = new AuditDraft(ORG, "carol", "model.approved", "model_version", "m-1:3",
          "{\"stage\":\"staging\"}", "{\"stage\":\"production\"}", "quarterly review ✓", precise);
      AuditDraft sparse = new AuditDraft(ORG, "system", "job.deleted", JOB, "j-9", null, null, null, precise);

      store.appendAudit(full);
      store.appendAudit(sparse);

      List<AuditRecord> stored = store.queryAudit(AuditQuery.all(ORG));
      assertEquals(full, stored.get(0).draft());
      assertEquals(sparse, stored.get(1).draft());
      assertNull(stored.get(1).draft().reason());
    }

    @Test
    void saveAndDeleteAppendTheirRecordInTheSameCall() {
      String json = "{\"status\":\"QUEUED\"}";
      store.save(JOB, ORG, "j1", "QUEUED", json, 0, audit(ORG, "alice", "job.created", "j1", json));
      store.delete(JOB, ORG, "j1", 1, new AuditDraft(ORG, "bob", "job.deleted", JOB, "j1", json, null,
          "cleanup", clock.instant()));

      List<AuditRecord> trail = store.queryAudit(AuditQuery.all(ORG).forEntity(JOB, "j1"));
      assertEquals(List.of("job.created", "job.deleted"),
          trail.stream().map(r -> r.draft().action()).collect(Collectors.toList()));
      assertEquals(json, trail.get(1).draft().before());
    }

    @Test
    void headIsTheLastRecord() {
      assertEquals(Optional.empty(), store.auditHead(ORG));
      store.appendAudit(audit(ORG, "alice", "a", "j1", null));
      AuditRecord last = store.appendAudit(audit(ORG, "alice", "b", "j1", null));

      AuditRecord head = store.auditHead(ORG).orElseThrow();

      assertEquals(last.sequence(), head.sequence());
      assertEquals(last.hash(), head.hash());
    }

    @Test
    void queriesByEntityPrincipalAndTime() {
      Instant t0 = clock.instant();
      store.appendAudit(audit(ORG, "alice", "job.created", "j1", null));
      Instant t1 = clock.advance(Duration.ofHours(1));
      store.appendAudit(audit(ORG, "bob", "job.created", "j2", null));
      Instant t2 = clock.advance(Duration.ofHours(1));
      store.appendAudit(audit(ORG, "alice", "job.started", "j2", null));
      store.appendAudit(new AuditDraft(ORG, "alice", "kb.created", "knowledge_base", "j2", null, null, null,
          clock.instant()));

      AuditQuery all = AuditQuery.all(ORG);
      assertEquals(List.of(2L, 3L), sequences(store.queryAudit(all.forEntity(JOB, "j2"))));
      assertEquals(List.of(1L, 3L, 4L), sequences(store.queryAudit(all.byPrincipal("alice"))));
      assertEquals(List.of(3L), sequences(store.queryAudit(all.forEntity(JOB, "j2").byPrincipal("alice"))));
      assertEquals(List.of(2L), sequences(store.queryAudit(all.between(t1, t2))));
      assertEquals(List.of(1L, 2L), sequences(store.queryAudit(all.between(t0, t2))));
      assertEquals(List.of(3L, 4L), sequences(store.queryAudit(all.between(t2, null))));
      assertEquals(List.of(1L), sequences(store.queryAudit(all.between(null, t1))));
    }

    @Test
    void queriesPageBySequence() {
      for (int i = 0; i < 12; i++) {
        store.appendAudit(audit(ORG, "alice", "job.viewed", "j" + i, null));
      }

      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(store.queryAudit(AuditQuery.all(ORG).page(0, 5))));
      assertEquals(List.of(6L, 7L, 8L, 9L, 10L), sequences(store.queryAudit(AuditQuery.all(ORG).page(5, 5))));
      assertEquals(List.of(11L, 12L), sequences(store.queryAudit(AuditQuery.all(ORG).page(10, 5))));
    }
  }

  @Nested
  @DisplayName("many threads")
  class ManyThreads {
    @Test
    void concurrentWritersLoseNothingAndKeepTheChainWhole() throws Exception {
      int threads = 8;
      int writesEach = 40;
      List<String> orgs = List.of(ORG, OTHER_ORG);

      List<List<String>> written = runConcurrently(threads, t -> {
        SplittableRandom random = new SplittableRandom(1000 + t);
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < writesEach; i++) {
          String org = orgs.get(random.nextInt(orgs.size()));
          String id = "t" + t + "-" + i;
          String json = "{\"n\":" + random.nextLong() + "}";
          store.save(JOB, org, id, "QUEUED", json, 0, audit(org, "worker-" + t, "job.created", id, json));
          mine.add(org + "/" + id + "/" + json);
        }
        return mine;
      });

      int total = 0;
      for (List<String> mine : written) {
        for (String w : mine) {
          String[] parts = w.split("/", 3);
          assertEquals(parts[2], store.get(JOB, parts[0], parts[1]).orElseThrow().json());
          total++;
        }
      }
      long audited = 0;
      for (String org : orgs) {
        assertEquals(List.of(), AuditChainCheck.problems(store, org));
        audited += store.auditHead(org).map(AuditRecord::sequence).orElse(0L);
      }
      assertEquals(threads * writesEach, total);
      assertEquals(total, audited);
    }

    @Test
    void failingWritesAmongConcurrentOnesChangeNothingElse() throws Exception {
      insert(ORG, "fixed", "QUEUED");
      int threads = 8;
      int rounds = 20;

      List<Integer> conflicts = runConcurrently(threads, t -> {
        int failed = 0;
        for (int i = 0; i < rounds; i++) {
          if (t % 2 == 0) {
            String id = "ok-" + t + "-" + i;
            store.save(JOB, ORG, id, "QUEUED", "{}", 0, audit(ORG, "w" + t, "job.created", id, "{}"));
          } else {
            try {
              store.save(JOB, ORG, "fixed", "RUNNING", "{\"stale\":true}", 99,
                  audit(ORG, "w" + t, "job.updated", "fixed", null));
            } catch (InvalidStateException expected) {
              failed++;
            }
          }
        }
        return failed;
      });

      assertEquals(threads / 2 * rounds, conflicts.stream().mapToInt(Integer::intValue).sum());
      assertEquals(threads / 2 * rounds + 1, store.list(JOB, ORG, null, 0, 1000).size());
      assertEquals(1, store.get(JOB, ORG, "fixed").orElseThrow().version());
      assertEquals(threads / 2 * rounds + 1L, store.auditHead(ORG).orElseThrow().sequence());
      assertEquals(List.of(), AuditChainCheck.problems(store, ORG));
    }

    @Test
    void readersSeeWholeObjectsWhileWritersWrite() throws Exception {
      int writers = 2;
      int readers = 4;
      int writes = 60;
      CountDownLatch done = new CountDownLatch(writers);
      Set<String> bad = java.util.Collections.synchronizedSet(new HashSet<>());

      runConcurrently(writers + readers, t -> {
        if (t < writers) {
          try {
            for (int i = 0; i < writes; i++) {
              String id = "w" + t + "-" + (i % 5);
              Optional<EntityRecord> current = store.get(JOB, ORG, id);
              long version = current.map(EntityRecord::version).orElse(0L);
              store.save(JOB, ORG, id, "V" + (version + 1), "{\"version\":" + (version + 1) + "}", version,
                  audit(ORG, "writer", "job.updated", id, null));
            }
          } finally {
            done.countDown();
          }
        } else {
          while (done.getCount() > 0) {
            for (EntityRecord r : store.list(JOB, ORG, null, 0, 100)) {
              if (!r.json().equals("{\"version\":" + r.version() + "}") || !r.status().equals("V" + r.version())) {
                bad.add(r.toString());
              }
            }
          }
        }
        return null;
      });

      assertEquals(Set.of(), bad);
      assertEquals(writers * 5, store.list(JOB, ORG, null, 0, 100).size());
    }
  }

  @Nested
  @DisplayName("durability")
  class Durability {
    @Test
    void reopeningKeepsEverything() {
      insert(ORG, "j1", "QUEUED");
      clock.advance(Duration.ofSeconds(3));
      EntityRecord j1 = store.save(JOB, ORG, "j1", "RUNNING", "{\"s\":2}", 1,
          audit(ORG, "bob", "job.started", "j1", "{\"s\":2}"));
      EntityRecord j2 = insert(OTHER_ORG, "j2", "QUEUED");
      insert(ORG, "gone", "QUEUED");
      store.delete(JOB, ORG, "gone", 1, audit(ORG, "carol", "job.deleted", "gone", null));
      List<AuditRecord> trail = store.queryAudit(AuditQuery.all(ORG));
      AuditRecord head = store.auditHead(ORG).orElseThrow();

      MetadataStore reopened = reopen();

      assertEquals(Optional.of(j1), reopened.get(JOB, ORG, "j1"));
      assertEquals(Optional.of(j2), reopened.get(JOB, OTHER_ORG, "j2"));
      assertEquals(Optional.empty(), reopened.get(JOB, ORG, "gone"));
      assertEquals(trail, reopened.queryAudit(AuditQuery.all(ORG)));
      assertEquals(head, reopened.auditHead(ORG).orElseThrow());
      AuditRecord next = reopened.appendAudit(audit(ORG, "alice", "job.viewed", "j1", null));
      assertEquals(head.sequence() + 1, next.sequence());
      assertEquals(head.hash(), next.previousHash());
      assertEquals(List.of(), AuditChainCheck.problems(reopened, ORG));
    }

    @Test
    void aClosedStoreRefusesCalls() {
      store.close();

      assertThrows(RuntimeException.class, () -> store.get(JOB, ORG, "j1"));
      assertThrows(RuntimeException.class, () -> store.save(JOB, ORG, "j1", "QUEUED", "{}", 0, null));
    }

    @Test
    void versionsAreNotReusedAfterReopen() {
      insert(ORG, "j1", "QUEUED");
      reopen();

      EntityRecord second = store.save(JOB, ORG, "j1", "RUNNING", "{}", 1, null);

      assertEquals(2, second.version());
      assertEquals(START, second.createdAt());
    }
  }

  private static List<Long> sequences(List<AuditRecord> records) {
    return records.stream().map(AuditRecord::sequence).collect(Collectors.toList());
  }

  /** Work for one of several threads started together. */
  @FunctionalInterface
  protected interface ThreadWork<T> {
    /**
     * @param thread the thread's index, from 0
     * @return its result
     * @throws Exception to fail the test
     */
    T run(int thread) throws Exception;
  }

  /**
   * Starts the threads together, waits for all, and rethrows the first failure.
   *
   * @param threads how many
   * @param work what each does
   * @param <T> a thread's result
   * @return the results in thread order
   * @throws Exception the first failure
   */
  protected static <T> List<T> runConcurrently(int threads, ThreadWork<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int t : IntStream.range(0, threads).toArray()) {
        Callable<T> task = () -> {
          start.await();
          return work.run(t);
        };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
