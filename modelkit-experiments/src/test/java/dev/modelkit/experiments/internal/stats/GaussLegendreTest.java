package dev.modelkit.experiments.internal.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GaussLegendreTest {

  @Test
  void sixteenPointRuleIntegratesPolynomialsUpToDegree31Exactly() {
    GaussLegendre rule = new GaussLegendre(16);
    for (int degree = 0; degree <= 31; degree++) {
      double sum = 0;
      for (int i = 0; i < rule.size(); i++) {
        sum += rule.weight(i) * Math.pow(rule.node(i), degree);
      }
      double exact = degree % 2 == 1 ? 0 : 2.0 / (degree + 1);
      assertEquals(exact, sum, 1e-14, "x^" + degree);
    }
  }
}
