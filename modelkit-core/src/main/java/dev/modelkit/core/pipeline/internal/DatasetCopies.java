package dev.modelkit.core.pipeline.internal;

import dev.modelkit.StoreException;
import dev.modelkit.core.internal.JsonStrings;
import dev.modelkit.core.privacy.EncryptedArtifactStore;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.DatasetRows;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the data sets a pipeline derives (anonymised copies) as JSON Lines, in plain files or
 * encrypted in the artifact store, and turns them back into files a training engine reads.
 */
public final class DatasetCopies {
  private DatasetCopies() {}

  /**
   * @param rows the rows
   * @return one JSON object per line, numbers as numbers, missing cells as null
   */
  public static byte[] toJsonLines(DatasetRows rows) {
    StringBuilder sb = new StringBuilder(rows.size() * 64);
    for (Map<String, Object> row : rows.rows()) {
      sb.append('{');
      boolean first = true;
      for (String c : rows.columns()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        JsonStrings.quote(sb, c);
        sb.append(':');
        Object v = row.get(c);
        if (v == null) {
          sb.append("null");
        } else if (v instanceof Double d && Double.isFinite(d)) {
          sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : Double.toString(d));
        } else if (v instanceof Number n && !(v instanceof Double)) {
          sb.append(n);
        } else {
          JsonStrings.quote(sb, String.valueOf(v));
        }
      }
      sb.append("}\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes a file atomically (temp file, then move), so a crash never leaves half a copy.
   *
   * @param file the file
   * @param bytes its content
   */
  public static void writeAtomically(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreException("Cannot write the data set copy " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param encrypted the encrypting store
   * @param bytes the copy
   * @return its artifact
   */
  public static ArtifactRef storeEncrypted(EncryptedArtifactStore encrypted, byte[] bytes) {
    return encrypted.put(bytes);
  }

  /**
   * Decrypts a copy into a file as a stream (a segment at a time), atomically: a copy that fails
   * authentication part-way leaves no file behind.
   *
   * @param store a store that decrypts
   * @param sha256 the copy's artifact digest
   * @param file where to write the plaintext
   * @throws StoreException if the copy is gone, fails to decrypt, or the file cannot be written
   */
  public static void materialise(ArtifactStore store, String sha256, Path file) {
    ArtifactRef ref = store.find(sha256).orElseThrow(() -> new StoreException("The encrypted data set copy sha256:"
        + sha256 + " is no longer in the artifact store; run the data_preprocessing stage again"));
    Path tmp = null;
    try {
      Files.createDirectories(file.getParent());
      tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try (InputStream in = store.open(ref)) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(tmp, e);
      throw new StoreException("Cannot write the data set copy " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp, e);
      throw e;
    }
  }

  private static void deleteQuietly(Path tmp, Exception failure) {
    if (tmp != null) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * @param id the source id
   * @param file the copy
   * @param original the first original source (its schema names the fields)
   * @param types the types the engine read
   * @return a source reading the copy with every type declared, no filters (already applied)
   */
  public static DataSource sourceFor(String id, Path file, DataSource original, Map<String, DataType> types) {
    Map<String, DataType> declared = new LinkedHashMap<>();
    for (List<String> fields : List.of(original.schema().inputFields(), original.schema().outputFields())) {
      for (String f : fields) {
        DataType t = types.get(f);
        if (t != null && t != DataType.EMAIL) {
          declared.put(f, t);
        } else if (t == DataType.EMAIL) {
          declared.put(f, DataType.TEXT);
        }
      }
    }
    return new DataSource(id, DataFormat.JSONL, file.toAbsolutePath().toString(),
        new DataSchema(original.schema().inputFields(), original.schema().outputFields(), declared), Map.of(),
        original.permissions(), null);
  }
}
