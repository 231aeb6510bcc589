package dev.modelkit.core.monitoring.internal;

import java.util.List;

/**
 * The three concept-drift detectors every monitored version runs on its error stream: {@link
 * Ddm}, {@link PageHinkley} and {@link Adwin}, each with MOA's defaults. Updating them costs a few
 * nanoseconds per joined outcome (ADWIN's bucket test runs every 32 outcomes).
 */
public final class ConceptDetectors {
  /** How many detectors there are. */
  public static final int COUNT = 3;
  /** Their names, in index order. */
  public static final List<String> NAMES = List.of("ddm", "page_hinkley", "adwin");

  private final ChangeDetector[] detectors = {new Ddm(), new PageHinkley(), new Adwin()};

  /**
   * @param error whether the joined prediction was wrong
   * @param detections incremented at the index of each detector that signalled a change
   */
  public void update(boolean error, int[] detections) {
    double x = error ? 1 : 0;
    for (int i = 0; i < COUNT; i++) {
      if (detectors[i].update(x)) {
        detections[i]++;
      }
    }
  }

  /** @param i an index @return the detector */
  public ChangeDetector get(int i) {
    return detectors[i];
  }
}
