package dev.modelkit.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RocAucTest {
  @Test
  void countsCorrectlyOrderedPairsAndHalvesTies() {
    // positives score 0.9, 0.4, 0.7; negatives 0.8, 0.4, 0.1.
    // Pairs (pos, neg): 0.9 beats all 3; 0.7 beats 0.4 and 0.1 (2); 0.4 ties 0.4 (0.5) and beats 0.1 (1).
    // (3 + 2 + 1.5) / 9 = 6.5 / 9.
    double[] s = {0.9, 0.8, 0.4, 0.4, 0.7, 0.1};
    boolean[] y = {true, false, true, false, true, false};
    assertEquals(6.5 / 9, RocAuc.of(s, y), 1e-12);
  }

  @Test
  void perfectReversedAndConstantScores() {
    boolean[] y = {false, true, false, true};
    assertEquals(1.0, RocAuc.of(new double[] {0.1, 0.9, 0.2, 0.8}, y), 1e-12);
    assertEquals(0.0, RocAuc.of(new double[] {0.9, 0.1, 0.8, 0.2}, y), 1e-12);
    assertEquals(0.5, RocAuc.of(new double[] {0.3, 0.3, 0.3, 0.3}, y), 1e-12);
  }

  @Test
  void refusesOneClass() {
    assertThrows(IllegalArgumentException.class, () -> RocAuc.of(new double[] {0.1, 0.2}, new boolean[] {true, true}));
  }
}
