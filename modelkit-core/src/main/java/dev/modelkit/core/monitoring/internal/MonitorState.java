package dev.modelkit.core.monitoring.internal;

import java.util.List;
import java.util.Map;

/**
 * What a monitored version needs to continue after a restart (kind {@value MonitorStore#STATE}):
 * its number and epoch for prediction ids, the next sequence number acknowledged, the open
 * window, the concept detectors and the alert rules' progress.
 *
 * @param modelId the model
 * @param version the version
 * @param number the monitor's number in its organisation
 * @param epoch the epoch of the process that wrote it
 * @param nextSeq the next sequence number at the last acknowledgement
 * @param windowMillis the window length
 * @param openWindowStart start of the window open at the last acknowledgement, epoch millis
 * @param detectors concept detector states, in {@link ConceptDetectors#NAMES} order
 * @param rules rule name to its progress
 */
public record MonitorState(
    String modelId, String version, int number, int epoch, long nextSeq, long windowMillis, long openWindowStart,
    List<List<Double>> detectors, Map<String, RuleProgress> rules) {

  /**
   * An alert rule's progress on one version.
   *
   * @param holdingSince start of the first window of the current run of windows where the
   *     condition held, or -1
   * @param lastRaised when the rule last raised an alert, or -1
   */
  public record RuleProgress(long holdingSince, long lastRaised) {}
}
