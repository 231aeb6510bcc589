package dev.modelkit.spi;

import java.util.Map;

/**
 * What a training engine produced.
 *
 * @param artifacts named artifacts already in the artifact store, for example {@code model}
 * @param metrics final metrics, for example {@code accuracy} and {@code roc_auc}
 * @param datasetFingerprints data source id to SHA-256 of its content
 * @param libraryVersions library to version, for lineage
 * @param thresholdFailures descriptions of missed quality thresholds; non-empty makes the job
 *     fail and the version be registered as rejected
 */
public record TrainingResult(
    Map<String, ArtifactRef> artifacts, Map<String, Double> metrics, Map<String, String> datasetFingerprints,
    Map<String, String> libraryVersions, java.util.List<String> thresholdFailures) {
  /** Copies collections. */
  public TrainingResult {
    artifacts = Map.copyOf(artifacts);
    metrics = Map.copyOf(metrics);
    datasetFingerprints = datasetFingerprints == null ? Map.of() : Map.copyOf(datasetFingerprints);
    libraryVersions = libraryVersions == null ? Map.of() : Map.copyOf(libraryVersions);
    thresholdFailures = thresholdFailures == null ? java.util.List.of() : java.util.List.copyOf(thresholdFailures);
  }
}
