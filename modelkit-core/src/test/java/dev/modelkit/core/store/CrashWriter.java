package dev.modelkit.core.store;

import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.EntityRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Child process of {@link CrashSafetyTest}: writes metadata (each save with its audit record) and
 * artifacts as fast as it can until it is killed, and prints each write after the store call
 * returned, i.e. once the write is acknowledged:
 *
 * <pre>
 * M &lt;org&gt; &lt;id&gt; &lt;version&gt;
 * A &lt;sha256&gt; &lt;size&gt;
 * </pre>
 *
 * <p>Arguments: the home directory, the run number (which keeps ids of runs apart) and a seed.
 */
public final class CrashWriter {
  static final List<String> ORGS = List.of("acme-bank", "globex-insurance");
  static final String KIND = "job";

  private CrashWriter() {}

  /**
   * @param org the organisation
   * @param id the object
   * @param version its version
   * @return the only JSON body the writer ever stores for that version; the verifier recomputes it
   */
  static String body(String org, String id, long version) {
    int pad = Math.floorMod((org + id + version).hashCode(), 4000);
    return "{\"org\":\"" + org + "\",\"id\":\"" + id + "\",\"version\":" + version + ",\"pad\":\""
        + "x".repeat(pad) + "\"}";
  }

  /**
   * @param args home directory, run number, seed
   */
  public static void main(String[] args) {
    Path home = Path.of(args[0]);
    int run = Integer.parseInt(args[1]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[2]));
    PrintStream out = System.out;
    try (HomeLock lock = HomeLock.acquire(home);
        SqliteMetadataStore metadata = SqliteMetadataStore.open(home);
        FileArtifactStore artifacts = FileArtifactStore.open(home)) {
      Map<String, Long> versions = new HashMap<>();
      List<String> keys = new ArrayList<>();
      for (int i = 0; ; i++) {
        int choice = random.nextInt(4);
        if (choice < 2 || keys.isEmpty()) {
          String org = ORGS.get(random.nextInt(ORGS.size()));
          String id = "r" + run + "-" + i;
          EntityRecord r = save(metadata, org, id, 0);
          keys.add(org + " " + id);
          versions.put(org + " " + id, r.version());
          out.println("M " + org + " " + id + " " + r.version());
        } else if (choice == 2) {
          String key = keys.get(random.nextInt(keys.size()));
          String[] parts = key.split(" ");
          EntityRecord r = save(metadata, parts[0], parts[1], versions.get(key));
          versions.put(key, r.version());
          out.println("M " + key + " " + r.version());
        } else {
          byte[] content = new byte[random.nextInt(64 * 1024)];
          random.nextBytes(content);
          ArtifactRef ref = artifacts.put(content);
          out.println("A " + ref.sha256() + " " + ref.size());
        }
        out.flush();
      }
    }
  }

  private static EntityRecord save(SqliteMetadataStore store, String org, String id, long expected) {
    String json = body(org, id, expected + 1);
    String before = expected == 0 ? null : body(org, id, expected);
    AuditDraft audit = new AuditDraft(org, "crash-writer", expected == 0 ? "job.created" : "job.updated",
        KIND, id, before, json, "crash test", Instant.now());
    return store.save(KIND, org, id, "V" + (expected + 1), json, expected, audit);
  }
}
