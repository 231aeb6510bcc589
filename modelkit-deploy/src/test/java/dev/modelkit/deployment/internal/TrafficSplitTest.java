package dev.modelkit.deployment.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficSplitTest {

  @Test
  void picksVersionsInProportionToTheirShares() {
    Map<String, Double> shares = new LinkedHashMap<>();
    shares.put("1", 90.0);
    shares.put("2", 10.0);
    TrafficSplit s = TrafficSplit.of(shares);
    int[] counts = new int[2];
    for (int b = 0; b < TrafficSplit.TOTAL; b++) {
      counts[s.pick(b)]++;
    }
    assertEquals(9000, counts[0]);
    assertEquals(1000, counts[1]);
    assertEquals(shares, s.shares());
  }

  @Test
  void keepsFractionalSharesExactToABasisPoint() {
    Map<String, Double> shares = new LinkedHashMap<>();
    shares.put("a", 33.33);
    shares.put("b", 33.33);
    shares.put("c", 33.34);
    assertEquals(shares, TrafficSplit.of(shares).shares());
  }

  @Test
  void refusesSharesThatDoNotSumTo100() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrafficSplit.of(Map.of("1", 60.0, "2", 30.0)));
    assertEquals(true, e.getMessage().contains("sum to 90.0 but they must sum to 100"));
  }

  @Test
  void bucketsAreStableAndSpreadEvenly() {
    assertEquals(Router.bucket("user-42"), Router.bucket("user-42"));
    int[] tenths = new int[10];
    for (int i = 0; i < 100_000; i++) {
      tenths[Router.bucket("u" + i) / 1000]++;
    }
    for (int t : tenths) {
      assertEquals(10_000, t, 400, "each tenth of the buckets gets about a tenth of the keys");
    }
  }
}
