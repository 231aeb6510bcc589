package dev.modelkit.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelkit.DeploymentException;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code edge} target: exports a model version as a portable directory — every artifact as a
 * file plus a {@code manifest.json} with the model id, version, engine, metrics, lineage and the
 * SHA-256 and size of each file — that another ModelKit (or any tool) can verify before loading.
 * The manifest is written last, so a directory with a manifest is a complete export.
 */
public final class EdgeExporter {
  /** Format tag written into every manifest. */
  public static final String FORMAT = "modelkit-edge/1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EdgeExporter() {}

  /**
   * @param version the version to export
   * @param artifacts where its artifacts are stored (read verified)
   * @param parent the directory to export into; a subdirectory {@code <modelId>-<version>} is made
   * @param now the export time
   * @return the export directory
   * @throws DeploymentException if the export directory exists or writing fails
   */
  public static Path export(ModelVersion version, ArtifactStore artifacts, Path parent, Instant now) {
    Path dir = parent.resolve(version.modelId() + "-" + version.version());
    try {
      if (Files.exists(dir.resolve("manifest.json"))) {
        throw new DeploymentException("Export directory " + dir + " already holds an export; choose another directory.");
      }
      Files.createDirectories(dir);
      ObjectNode manifest = JSON.createObjectNode();
      manifest.put("format", FORMAT);
      manifest.put("modelId", version.modelId());
      manifest.put("version", version.version());
      manifest.put("engine", version.engine());
      manifest.put("exportedAt", now.toString());
      manifest.set("metrics", JSON.valueToTree(version.metrics()));
      manifest.set("lineage", JSON.valueToTree(version.lineage()));
      ObjectNode files = manifest.putObject("artifacts");
      for (Map.Entry<String, ArtifactRef> a : version.artifacts().entrySet()) {
        String file = a.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".bin";
        Path tmp = dir.resolve(file + ".tmp");
        try (InputStream in = artifacts.open(a.getValue())) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ObjectNode f = files.putObject(a.getKey());
        f.put("file", file);
        f.put("sha256", a.getValue().sha256());
        f.put("size", a.getValue().size());
      }
      Path tmp = dir.resolve("manifest.json.tmp");
      JSON.writeValue(tmp.toFile(), manifest);
      Files.move(tmp, dir.resolve("manifest.json"), StandardCopyOption.ATOMIC_MOVE);
      return dir;
    } catch (IOException e) {
      throw new DeploymentException("Exporting " + version.modelId() + " " + version.version() + " to " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Checks an export against its manifest.
   *
   * @param dir an export directory
   * @return problems found, one line each; empty when every file is present and unaltered
   */
  public static List<String> verify(Path dir) {
    List<String> problems = new ArrayList<>();
    Path m = dir.resolve("manifest.json");
    if (!Files.isRegularFile(m)) {
      problems.add("no manifest.json in " + dir + ": the export is incomplete");
      return problems;
    }
    try {
      var manifest = JSON.readTree(m.toFile());
      if (!FORMAT.equals(manifest.path("format").asText())) {
        problems.add("manifest format is '" + manifest.path("format").asText() + "', expected " + FORMAT);
      }
      Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = manifest.path("artifacts").fields();
      while (it.hasNext()) {
        var e = it.next();
        Path f = dir.resolve(e.getValue().path("file").asText());
        if (!Files.isRegularFile(f)) {
          problems.add("artifact " + e.getKey() + ": file " + f.getFileName() + " is missing");
          continue;
        }
        String actual = sha256(f);
        if (!actual.equals(e.getValue().path("sha256").asText())) {
          problems.add("artifact " + e.getKey() + ": file " + f.getFileName() + " has SHA-256 " + actual
              + " but the manifest says " + e.getValue().path("sha256").asText());
        }
      }
    } catch (IOException e) {
      problems.add("cannot read " + m + ": " + e.getMessage());
    }
    return problems;
  }

  private static String sha256(Path f) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
