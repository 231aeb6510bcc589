package dev.modelkit.training.djl;

import dev.modelkit.core.store.FileArtifactStore;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.CheckpointStrategy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The training process {@link CrashResumeTest} kills: trains the small German Credit job with a
 * checkpoint after every epoch into a file artifact store, appending each recorded checkpoint to a
 * log (fsynced, as a runtime's metadata store would), and resumes from the log's last line when
 * asked. Arguments: home directory, {@code fresh} or {@code resume}.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable t) {
      // Exit 3, not the JVM's 1, so a failure of this code is told apart from a JVM that could not start.
      t.printStackTrace();
      System.exit(3);
    }
  }

  private static void run(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    boolean resume = args[1].equals("resume");
    Path log = home.resolve("checkpoints.log");
    FileArtifactStore store = FileArtifactStore.open(home);
    TestContext ctx = new TestContext(ReproducibilityAndResumeTest.small(11, new CheckpointStrategy(true, 1, false, 2)),
        home, Principal.of("alice", "acme", "data_scientist"), store) {
      @Override
      public void checkpoint(int epoch, int fold, ArtifactRef checkpoint, Map<String, Double> metrics) {
        append(log, fold + " " + epoch + " " + checkpoint.sha256() + " " + checkpoint.size());
      }
    };
    if (resume) {
      List<String> lines = Files.readAllLines(log);
      String[] last = lines.get(lines.size() - 1).split(" ");
      ctx.resumeFrom(new TrainingContext.Checkpoint(Integer.parseInt(last[1]), Integer.parseInt(last[0]),
          new ArtifactRef(last[2], Long.parseLong(last[3])), Map.of()));
    }
    try (PyTorchTrainingEngine engine = Engines.engine(home.resolve("engine"))) {
      TrainingResult r = engine.train(ctx);
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, Double> e : new TreeMap<>(ReproducibilityAndResumeTest.comparable(r)).entrySet()) {
        sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
      }
      sb.append("model=").append(r.artifacts().get("model").sha256()).append('\n');
      Files.writeString(home.resolve("result.txt"), sb.toString());
    }
  }

  private static void append(Path log, String line) {
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ch.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
