package dev.modelkit.core.monitoring.internal;

import java.util.List;

/**
 * A sequential change detector over a stream of numbers, here the error stream of joined
 * outcomes (1 for a wrong prediction, 0 for a right one). Not thread-safe.
 */
public interface ChangeDetector {

  /** @return the detector's name in findings and rules, for example {@code ddm} */
  String name();

  /**
   * @param x the next value
   * @return whether a change was detected at this value; the detector then restarts on the new
   *     regime
   */
  boolean update(double x);

  /** @return the current test statistic, for reports */
  double statistic();

  /** @return the threshold the statistic is compared with */
  double threshold();

  /** @return values seen since the last restart */
  long seen();

  /** @return the detector's state, for persistence */
  List<Double> state();

  /** @param state a state from {@link #state()} to continue from */
  void restore(List<Double> state);
}
