package dev.modelkit.pipeline;

/**
 * How one quality gate came out.
 *
 * @param name the gate's name
 * @param metric the metric's key
 * @param value the metric's value (NaN when no stage produced it)
 * @param threshold the threshold
 * @param operator the comparison
 * @param action what the gate does when the comparison does not hold
 * @param held whether {@code value operator threshold} held
 * @param message a sentence naming metric, value, operator and threshold
 */
public record GateResult(String name, String metric, double value, double threshold, GateOperator operator,
    GateAction action, boolean held, String message) {

  /** @return whether this result stops the run: a failing gate that did not hold */
  public boolean stopsRun() {
    return !held && action == GateAction.FAIL;
  }

  /** @return whether this result is a warning: a warning gate that did not hold */
  public boolean isWarning() {
    return !held && action == GateAction.WARN;
  }
}
