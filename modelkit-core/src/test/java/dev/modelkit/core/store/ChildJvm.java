package dev.modelkit.core.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM started from the test class path to run one of the test mains, read line by line. */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Path stderr;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.stderr = stderr;
  }

  /**
   * @param main the class to run
   * @param stderr where its standard error goes, for failure messages
   * @param args its arguments
   * @return the started JVM
   * @throws IOException if it cannot be started
   */
  static ChildJvm start(Class<?> main, Path stderr, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
        .start();
    return new ChildJvm(p, stderr);
  }

  /** @return the child's process id */
  long pid() {
    return process.pid();
  }

  /**
   * @return the next line the child printed
   * @throws IOException if it ended first; the message carries its standard error
   */
  String readLine() throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new IOException("child JVM ended unexpectedly, exit " + waitForExit() + "; stderr:\n" + stderrText());
    }
    return line;
  }

  /** Kills the child with SIGKILL (on Linux) and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  private int waitForExit() {
    try {
      return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String stderrText() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
