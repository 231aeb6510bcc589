package dev.modelkit.training.djl.internal.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A job checkpoint as stored in the artifact store: a JSON header saying where the job was
 * (cross-validation fold or final model, epoch, the metrics of folds already finished, the
 * configuration's digest) and the trainer's state for the unfinished fold (empty right after a
 * fold finished).
 *
 * @param configurationSha256 digest of the configuration that produced it
 * @param phase {@code cv} or {@code final}
 * @param fold the fold being trained (1-based in cv, 0 for the final model)
 * @param epoch the last finished epoch of that fold
 * @param completedFolds metrics of finished folds, in order
 * @param state the trainer state of the unfinished fold, empty when none
 */
public record RunCheckpoint(String configurationSha256, String phase, int fold, int epoch,
    List<Map<String, Double>> completedFolds, byte[] state) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAGIC = 0x4D4B4331;

  /** Header fields as JSON. */
  private record Header(String configurationSha256, String phase, int fold, int epoch,
      List<Map<String, Double>> completedFolds) {}

  /** @return the stored bytes */
  public byte[] toBytes() {
    try {
      byte[] header = JSON.writeValueAsBytes(new Header(configurationSha256, phase, fold, epoch, completedFolds));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(header.length);
      out.write(header);
      out.writeInt(state.length);
      out.write(state);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param data stored bytes
   * @return the checkpoint
   * @throws IllegalArgumentException if the bytes are not a ModelKit checkpoint
   */
  public static RunCheckpoint fromBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a ModelKit training checkpoint");
      }
      byte[] header = new byte[in.readInt()];
      in.readFully(header);
      Header h = JSON.readValue(new String(header, StandardCharsets.UTF_8), Header.class);
      byte[] state = new byte[in.readInt()];
      in.readFully(state);
      return new RunCheckpoint(h.configurationSha256(), h.phase(), h.fold(), h.epoch(),
          h.completedFolds() == null ? List.of() : h.completedFolds(), state);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated training checkpoint: " + e.getMessage(), e);
    }
  }
}
