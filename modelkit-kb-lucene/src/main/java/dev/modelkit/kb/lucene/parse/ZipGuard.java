package dev.modelkit.kb.lucene.parse;

import dev.modelkit.spi.DocumentParseException;
import dev.modelkit.spi.DocumentParser.Limits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads ZIP containers (DOCX, ODT) defensively. Every entry is inflated through a counter, so a zip
 * bomb is stopped by what it actually inflates, not by the sizes it declares: the total may not
 * exceed {@link Limits#maxUncompressedBytes()} nor {@link Limits#maxCompressionRatio()} times the
 * file size, and the entry count is capped.
 */
final class ZipGuard {
  private static final byte[] SIGNATURE = {'P', 'K', 3, 4};

  private ZipGuard() {}

  static boolean isZip(byte[] content) {
    return startsWith(content, 0, SIGNATURE);
  }

  static boolean startsWith(byte[] content, int offset, byte[] prefix) {
    if (content.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (content[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the raw bytes contain an ASCII string (entry names are stored uncompressed). */
  static boolean contains(byte[] content, String ascii) {
    byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i <= content.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (content[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Inflates every entry under the limits.
   *
   * @param file the file name for messages
   * @param content the container
   * @param limits the limits
   * @param keep names of entries whose bytes to return; the others are only counted
   * @return the kept entries by name
   * @throws DocumentParseException if the container is corrupt or truncated, or breaks a limit
   */
  static Map<String, byte[]> read(String file, byte[] content, Limits limits, Set<String> keep) {
    long budget = (long) Math.min((double) limits.maxUncompressedBytes(), limits.maxCompressionRatio() * Math.max(content.length, 1024));
    Map<String, byte[]> kept = new HashMap<>();
    long inflated = 0;
    int entries = 0;
    byte[] buffer = new byte[8192];
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        if (++entries > limits.maxEntries()) {
          throw new DocumentParseException("'" + file + "' is a ZIP container with more than " + limits.maxEntries()
              + " entries; refused as a possible zip bomb");
        }
        ByteArrayOutputStream out = keep.contains(e.getName()) ? new ByteArrayOutputStream() : null;
        int n;
        while ((n = zip.read(buffer)) > 0) {
          inflated += n;
          if (inflated > budget) {
            throw new DocumentParseException("'" + file + "' inflates to more than " + budget + " bytes ("
                + limits.maxCompressionRatio() + " times its size of " + content.length + " bytes, at most "
                + limits.maxUncompressedBytes() + "); refused as a possible zip bomb. If it is genuine, raise"
                + " modelkit.knowledge.maxCompressionRatio or modelkit.knowledge.maxUncompressedBytes");
          }
          if (out != null) {
            out.write(buffer, 0, n);
          }
        }
        if (out != null) {
          kept.put(e.getName(), out.toByteArray());
        }
      }
    } catch (ZipException e) {
      throw new DocumentParseException("'" + file + "' is a corrupt ZIP container (" + e.getMessage()
          + "); it may be truncated or damaged. Re-save or re-export the document", e);
    } catch (IOException e) {
      throw new DocumentParseException("'" + file + "' ends inside its ZIP container (" + e.getMessage()
          + "); the file is truncated. Copy it again from its source", e);
    }
    if (entries == 0) {
      throw new DocumentParseException("'" + file + "' has a ZIP signature but no readable entries; it is truncated or"
          + " corrupt. Copy it again from its source");
    }
    return kept;
  }

  /** An input stream over kept bytes, for XML parsers. */
  static InputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }
}
