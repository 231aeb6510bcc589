package dev.modelkit.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.tck.AuditChainCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at random points, 20 times on the same home directory,
 * and checks after each kill that every acknowledged write is there and intact, that nothing
 * partial is visible, that each object and its audit records were written together, and that the
 * audit chains verify.
 */
class CrashSafetyTest {
  private static final int KILLS = 20;
  private static final long SEED = 20_260_115L;

  @TempDir Path work;

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    Path home = work.resolve("home");
    Random random = new Random(SEED);
    Map<String, Long> acknowledgedVersions = new HashMap<>();
    Map<String, Long> acknowledgedArtifacts = new HashMap<>();
    int totalAcknowledged = 0;

    for (int run = 0; run < KILLS; run++) {
      // 0 means: kill without waiting for any acknowledgement, possibly while the stores open
      int killAfter = random.nextInt(40);
      int extraMicros = killAfter == 0 ? random.nextInt(1_500_000) : random.nextInt(3000);
      try (ChildJvm child = ChildJvm.start(CrashWriter.class, work.resolve("child-" + run + ".err"),
          home.toString(), Integer.toString(run), Long.toString(random.nextLong()))) {
        for (int seen = 0; seen < killAfter; seen++) {
          record(child.readLine(), acknowledgedVersions, acknowledgedArtifacts);
          totalAcknowledged++;
        }
        // extra time after the last acknowledgement lands the kill in varied places
        busyWaitMicros(extraMicros);
        child.kill();
      }
      verify(home, run, acknowledgedVersions, acknowledgedArtifacts);
    }

    assertTrue(totalAcknowledged >= 10 * KILLS, "the children acknowledged only " + totalAcknowledged + " writes");
  }

  private static void record(String line, Map<String, Long> versions, Map<String, Long> artifacts) {
    String[] p = line.split(" ");
    if (p[0].equals("M")) {
      versions.merge(p[1] + " " + p[2], Long.parseLong(p[3]), Math::max);
    } else if (p[0].equals("A")) {
      artifacts.put(p[1], Long.parseLong(p[2]));
    } else {
      throw new AssertionError("unexpected line from the child: " + line);
    }
  }

  private static void verify(Path home, int run, Map<String, Long> versions, Map<String, Long> artifacts)
      throws Exception {
    String after = "after kill " + (run + 1) + ": ";
    try (HomeLock lock = HomeLock.acquire(home);
        SqliteMetadataStore metadata = SqliteMetadataStore.open(home);
        FileArtifactStore files = FileArtifactStore.open(home)) {
      for (Map.Entry<String, Long> e : versions.entrySet()) {
        String[] key = e.getKey().split(" ");
        Optional<EntityRecord> stored = metadata.get(CrashWriter.KIND, key[0], key[1]);
        assertTrue(stored.isPresent(), after + "acknowledged " + e.getKey() + " is missing");
        assertTrue(stored.get().version() >= e.getValue(),
            after + e.getKey() + " went back from acknowledged version " + e.getValue());
      }
      for (String org : CrashWriter.ORGS) {
        assertEquals(List.of(), AuditChainCheck.problems(metadata, org), after + "audit chain of " + org);
        Map<String, Long> auditsPerObject = metadata.queryAudit(AuditQuery.all(org).page(0, 100_000)).stream()
            .collect(Collectors.groupingBy(r -> r.draft().entityId(), Collectors.counting()));
        List<EntityRecord> objects = metadata.list(CrashWriter.KIND, org, null, 0, 100_000);
        for (EntityRecord r : objects) {
          assertEquals(CrashWriter.body(org, r.id(), r.version()), r.json(), after + "body of " + r.id());
          assertEquals("V" + r.version(), r.status(), after + "status of " + r.id());
          assertEquals(r.version(), auditsPerObject.getOrDefault(r.id(), 0L),
              after + r.id() + " at version " + r.version() + " must have exactly that many audit records");
        }
        assertEquals(objects.size(), auditsPerObject.size(), after + "audit records without their object");
        checkAuditBodies(metadata, org, after);
      }
      for (Map.Entry<String, Long> e : artifacts.entrySet()) {
        ArtifactRef ref = new ArtifactRef(e.getKey(), e.getValue());
        assertEquals(Optional.of(ref), files.find(e.getKey()), after + "artifact " + ref);
      }
      verifyEveryStoredArtifact(home, files, after);
      try (Stream<Path> temps = Files.list(home.resolve("artifacts").resolve("tmp"))) {
        assertEquals(List.of(), temps.collect(Collectors.toList()), after + "temporary files left behind");
      }
    }
  }

  private static void checkAuditBodies(SqliteMetadataStore metadata, String org, String after) {
    for (AuditRecord r : metadata.queryAudit(AuditQuery.all(org).page(0, 100_000))) {
      String id = r.draft().entityId();
      long version = Long.parseLong(r.draft().after().replaceAll(".*\"version\":(\\d+).*", "$1"));
      assertEquals(CrashWriter.body(org, id, version), r.draft().after(), after + "audit record " + r.sequence());
    }
  }

  private static void verifyEveryStoredArtifact(Path home, FileArtifactStore files, String after)
      throws Exception {
    List<Path> stored;
    try (Stream<Path> walk = Files.walk(home.resolve("artifacts").resolve("sha256"))) {
      stored = walk.filter(Files::isRegularFile).collect(Collectors.toList());
    }
    for (Path f : stored) {
      String name = f.getFileName().toString();
      ArtifactRef ref = files.find(name).orElseThrow();
      byte[] content = files.read(ref);
      assertArrayEquals(sha256(content), java.util.HexFormat.of().parseHex(name), after + "artifact " + name);
    }
  }

  private static byte[] sha256(byte[] content) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(content);
  }

  private static void busyWaitMicros(long micros) throws InterruptedException {
    long end = System.nanoTime() + micros * 1000;
    if (micros > 2000) {
      // sleeping is coarse but leaves the shared CPUs to the child for long waits
      Thread.sleep(micros / 1000 - 1);
    }
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
