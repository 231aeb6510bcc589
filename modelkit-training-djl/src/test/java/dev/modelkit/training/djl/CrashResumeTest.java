package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and resume: a training JVM is killed (SIGKILL) while it trains, after its fourth
 * checkpoint; a new JVM resumes from the last recorded checkpoint and ends with the metrics of an
 * uninterrupted run in a third JVM. Stated tolerance: 1e-9 on every metric (in practice the runs
 * are identical, weights byte for byte, because the whole training state is restored).
 */
class CrashResumeTest {
  private static final double TOLERANCE = 1e-9;

  @Test
  void killedTrainingResumesToTheUninterruptedResult(@TempDir Path temp) throws Exception {
    Path whole = Files.createDirectories(temp.resolve("whole"));
    finish(child(whole, "fresh"), whole, "fresh");
    Map<String, String> expected = result(whole);

    Path crashed = Files.createDirectories(temp.resolve("crashed"));
    Process victim = child(crashed, "fresh");
    Path log = crashed.resolve("checkpoints.log");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (lines(log) < 4) {
      assertTrue(victim.isAlive(), "the training process ended before it could be killed");
      assertTrue(System.nanoTime() < deadline, "no fourth checkpoint within five minutes");
      Thread.sleep(20);
    }
    victim.destroyForcibly();
    assertTrue(victim.waitFor(30, TimeUnit.SECONDS));
    assertTrue(Files.notExists(crashed.resolve("result.txt")), "the victim was killed before it finished");
    int checkpointsBeforeKill = lines(log);

    finish(child(crashed, "resume"), crashed, "resume");
    Map<String, String> resumed = result(crashed);
    System.out.printf("killed after %d checkpoints; resumed ROC AUC %s vs uninterrupted %s%n", checkpointsBeforeKill,
        resumed.get("roc_auc"), expected.get("roc_auc"));
    assertEquals(expected.keySet(), resumed.keySet());
    for (Map.Entry<String, String> e : expected.entrySet()) {
      if (e.getKey().equals("model")) {
        assertEquals(e.getValue(), resumed.get("model"), "weights");
      } else {
        assertEquals(Double.parseDouble(e.getValue()), Double.parseDouble(resumed.get(e.getKey())), TOLERANCE, e.getKey());
      }
    }
  }

  private static Process child(Path home, String mode) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-Dmodelkit.data=" + System.getProperty("modelkit.data"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CrashChild.class.getName());
    cmd.add(home.toString());
    cmd.add(mode);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve(mode + ".out").toFile()).start();
  }

  /**
   * Waits for a child and fails with its whole output when it did not exit cleanly. A JVM that
   * could not even start (the launcher's own errors, exit 1) is this machine's limit, not a fault of
   * the code under test: the test is then aborted with the launcher's words instead of failing.
   * {@link CrashChild} exits 3 when the training itself threw, and that always fails.
   */
  private static void finish(Process p, Path home, String mode) throws Exception {
    int code = p.waitFor();
    if (code == 0) {
      return;
    }
    String out = Files.readString(home.resolve(mode + ".out"));
    System.out.println("the " + mode + " training process exited with " + code + "; its output:\n" + out);
    boolean launcher = code == 1 && (out.contains("Error occurred during initialization of VM")
        || out.contains("Could not create the Java Virtual Machine") || out.contains("Could not find or load main class")
        || out.contains("Could not reserve enough space"));
    org.junit.jupiter.api.Assumptions.assumeFalse(launcher, () -> "a training JVM could not start here: " + out);
    org.junit.jupiter.api.Assertions.fail("the " + mode + " training process exited with " + code + " (3: the training"
        + " threw; 1: the JVM failed outside CrashChild's code); its output:\n" + out);
  }

  private static int lines(Path log) throws IOException {
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  private static Map<String, String> result(Path home) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : Files.readAllLines(home.resolve("result.txt"))) {
      int eq = line.indexOf('=');
      m.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return m;
  }
}
