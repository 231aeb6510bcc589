package dev.modelkit.core.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

/** Metric maps as stored: JSON has no NaN or infinity, so such values are left out. */
final class Metrics {
  private Metrics() {}

  static Map<String, Double> finite(Map<String, Double> metrics) {
    if (metrics == null || metrics.isEmpty()) {
      return Map.of();
    }
    Map<String, Double> out = new LinkedHashMap<>();
    metrics.forEach((k, v) -> {
      if (k != null && v != null && Double.isFinite(v)) {
        out.put(k, v);
      }
    });
    return out;
  }
}
