package dev.modelkit.kb.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole hostile batch (every file of data/malformed, the generated hostile files, and the
 * largest real PDF) runs in a JVM limited to 512 MB of heap: it ends normally and every file is
 * either ingested or reported.
 */
class LowMemoryBatchTest {

  @TempDir Path tmp;

  @Test
  void hostileBatchRunsWithHalfAGigabyteOfHeap() throws Exception {
    Path data = Path.of(System.getProperty("modelkit.data"));
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(data.resolve("malformed"))) {
      files.addAll(s.sorted().toList());
    }
    files.addAll(HostileFiles.write(tmp.resolve("hostile"), data));
    files.add(data.resolve("docs/debian-policy.pdf"));
    List<String> args = new ArrayList<>();
    args.add(tmp.resolve("home").toString());
    for (Path f : files) {
      args.add(f.toString());
    }
    Process p = Forks.start("512m", BatchIngestMain.class, args);
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    }
    assertTrue(p.waitFor(10, TimeUnit.MINUTES));
    String output = String.join("\n", lines);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("MAXHEAP"), output);
    long maxHeap = Long.parseLong(lines.stream().filter(l -> l.startsWith("MAXHEAP ")).findFirst().orElseThrow().substring(8));
    assertTrue(maxHeap <= 512L * 1024 * 1024, "child heap " + maxHeap);
    Set<String> accounted = new HashSet<>();
    for (String l : lines) {
      if (l.startsWith("INGESTED ")) {
        accounted.add(l.substring(9));
      } else if (l.startsWith("FAILED ")) {
        accounted.add(l.substring(7, l.indexOf(" :: ")));
      }
    }
    for (Path f : files) {
      assertTrue(accounted.contains(f.getFileName().toString()), f.getFileName() + " missing from\n" + output);
    }
    assertTrue(accounted.contains("debian-policy.pdf"));
    System.out.println(output);
  }
}
