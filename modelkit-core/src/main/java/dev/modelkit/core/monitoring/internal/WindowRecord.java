package dev.modelkit.core.monitoring.internal;

import dev.modelkit.monitoring.DriftFinding;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A window as stored in the metadata store (kind {@value MonitorStore#WINDOW}): counts, sketches
 * in {@link SketchCodec}'s encoding, categories and labels by name (so that restored windows map
 * onto whatever codes the running process uses), and, once closed, its metrics and drift
 * findings.
 *
 * @param modelId the model
 * @param version the version
 * @param start window start
 * @param end window end
 * @param closed whether the window is closed (else a checkpoint of the open window)
 * @param count predictions
 * @param errors failed predictions
 * @param latency latency sketch, milliseconds
 * @param predicted predicted label counts
 * @param probability probability sketch
 * @param labelled joined outcomes
 * @param correct joined outcomes that were right
 * @param confusion true label to predicted label to count
 * @param satisfactionSum sum of reported satisfaction
 * @param satisfactionCount outcomes with satisfaction
 * @param features per-feature aggregates
 * @param conceptDetections detections per concept detector, in {@link ConceptDetectors#NAMES} order
 * @param metrics the window's metrics (closed windows), as alert rules see them
 * @param drift the window's drift findings (closed windows with a reference profile)
 */
public record WindowRecord(
    String modelId, String version, Instant start, Instant end, boolean closed, long count, long errors,
    String latency, Map<String, Long> predicted, String probability, long labelled, long correct,
    Map<String, Map<String, Long>> confusion, double satisfactionSum, long satisfactionCount,
    List<FeatureWindow> features, List<Integer> conceptDetections, Map<String, Double> metrics,
    List<DriftFinding> drift) {

  /**
   * One feature's aggregates in a stored window.
   *
   * @param name the feature
   * @param numeric whether it is numeric
   * @param missing missing values
   * @param sketch the values' sketch (numeric)
   * @param categories category counts (categorical)
   */
  public record FeatureWindow(String name, boolean numeric, long missing, String sketch, Map<String, Long> categories) {}
}
