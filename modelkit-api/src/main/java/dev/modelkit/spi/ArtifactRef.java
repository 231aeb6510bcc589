package dev.modelkit.spi;

import java.util.regex.Pattern;

/**
 * The address of an immutable artifact: the SHA-256 of its content and its size.
 *
 * @param sha256 lower-case hex SHA-256 of the content
 * @param size the content's length in bytes
 */
public record ArtifactRef(String sha256, long size) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** Validates the digest and size. */
  public ArtifactRef {
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, was '" + sha256 + "'");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must be 0 or more, was " + size);
    }
  }

  /** @return {@code sha256:<digest>}, the form used in lineage and manifests */
  @Override
  public String toString() {
    return "sha256:" + sha256;
  }
}
