package dev.modelkit.governance;

import java.util.Map;

/**
 * Where a model version came from: enough to reproduce it and to prove to an auditor what made it.
 *
 * @param jobId the training job, or null for an imported model
 * @param configurationSha256 SHA-256 of the configuration's canonical JSON
 * @param datasetFingerprints data source id to SHA-256 of its content
 * @param seed the random seed
 * @param baseModel what training started from
 * @param libraryVersions library name to version (ModelKit, DJL, PyTorch, Java)
 */
public record Lineage(
    String jobId, String configurationSha256, Map<String, String> datasetFingerprints, Long seed,
    String baseModel, Map<String, String> libraryVersions) {
  /** Copies the maps. */
  public Lineage {
    datasetFingerprints = datasetFingerprints == null ? Map.of() : Map.copyOf(datasetFingerprints);
    libraryVersions = libraryVersions == null ? Map.of() : Map.copyOf(libraryVersions);
  }
}
