package dev.modelkit.core.pipeline.internal;

import dev.modelkit.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Fingerprints the files of a watched directory by content, so that a file rewritten with the same
 * bytes is not news and a file changed in place with the same size and time is. Hidden files and
 * {@code .tmp}/{@code .part} files (writes in progress) are ignored.
 */
public final class Fingerprints {
  private Fingerprints() {}

  /**
   * @param dir the directory
   * @return relative path to SHA-256, sorted; empty when the directory does not exist
   */
  public static Map<String, String> of(Path dir) {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") || name.endsWith(".tmp") || name.endsWith(".part")) {
          continue;
        }
        out.put(dir.relativize(f).toString().replace('\\', '/'), sha256(f));
      }
    } catch (IOException e) {
      throw new StoreException("Cannot read the watched directory " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * @param before the earlier fingerprints
   * @param after the current ones
   * @return files that are new or whose content changed, sorted
   */
  public static List<String> changed(Map<String, String> before, Map<String, String> after) {
    List<String> out = new ArrayList<>();
    after.forEach((file, sha) -> {
      if (!sha.equals(before.get(file))) {
        out.add(file);
      }
    });
    return out;
  }

  private static String sha256(Path f) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
