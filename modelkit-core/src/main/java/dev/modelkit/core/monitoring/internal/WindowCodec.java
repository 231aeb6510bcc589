package dev.modelkit.core.monitoring.internal;

import dev.modelkit.monitoring.DriftFinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Converts windows to and from their stored form, {@link WindowRecord}. */
final class WindowCodec {
  private WindowCodec() {}

  static WindowRecord toRecord(MonitorKey key, Window w, Dictionary labels, boolean closed, Map<String, Double> metrics,
      List<DriftFinding> drift) {
    Map<String, Long> predicted = new TreeMap<>();
    for (int c = 0; c < w.predictedCounts.length; c++) {
      if (w.predictedCounts[c] != 0) {
        predicted.merge(labels.name(c), w.predictedCounts[c], Long::sum);
      }
    }
    Map<String, Map<String, Long>> confusion = new TreeMap<>();
    for (int t = 0; t < w.labelSlots; t++) {
      for (int p = 0; p < w.labelSlots; p++) {
        long n = w.confusion[t * w.labelSlots + p];
        if (n != 0) {
          confusion.computeIfAbsent(labels.name(t), k -> new TreeMap<>()).merge(labels.name(p), n, Long::sum);
        }
      }
    }
    List<WindowRecord.FeatureWindow> features = new ArrayList<>();
    if (w.schema != null) {
      for (int i = 0; i < w.schema.size(); i++) {
        if (w.schema.numeric[i]) {
          features.add(new WindowRecord.FeatureWindow(w.schema.names[i], true, w.missing[i],
              SketchCodec.encode(w.numeric[i]), Map.of()));
        } else {
          Map<String, Long> counts = new TreeMap<>();
          for (int k = 0; k < w.categories[i].length; k++) {
            if (w.categories[i][k] != 0) {
              counts.merge(w.schema.dictionaries[i].name(k), w.categories[i][k], Long::sum);
            }
          }
          features.add(new WindowRecord.FeatureWindow(w.schema.names[i], false, w.missing[i], null, counts));
        }
      }
    }
    List<Integer> detections = new ArrayList<>();
    for (int d : w.conceptDetections) {
      detections.add(d);
    }
    return new WindowRecord(key.modelId(), key.version(), Instant.ofEpochMilli(w.startMillis),
        Instant.ofEpochMilli(w.endMillis), closed, w.count, w.errors, SketchCodec.encode(w.latencyMs), predicted,
        SketchCodec.encode(w.probability), w.labelled, w.correct, confusion, w.satisfactionSum, w.satisfactionCount,
        features, detections, metrics, drift);
  }

  /**
   * @param r a stored window
   * @param labels the model's label dictionary
   * @param schema the current schema (categories and features are mapped by name), or null
   * @return the window
   */
  static Window fromRecord(WindowRecord r, Dictionary labels, Schema schema) {
    Window w = new Window(r.start().toEpochMilli(), r.end().toEpochMilli(), labels.slots(), schema);
    w.count = r.count();
    w.errors = r.errors();
    w.latencyMs.merge(SketchCodec.decode(r.latency()));
    if (r.probability() != null) {
      w.probability.merge(SketchCodec.decode(r.probability()));
    }
    if (r.predicted() != null) {
      r.predicted().forEach((label, n) -> w.predictedCounts[labels.code(label)] += n);
    }
    w.labelled = r.labelled();
    w.correct = r.correct();
    if (r.confusion() != null) {
      r.confusion().forEach((t, row) -> row.forEach((p, n) ->
          w.confusion[labels.code(t) * w.labelSlots + labels.code(p)] += n));
    }
    w.satisfactionSum = r.satisfactionSum();
    w.satisfactionCount = r.satisfactionCount();
    if (r.conceptDetections() != null) {
      for (int i = 0; i < Math.min(r.conceptDetections().size(), w.conceptDetections.length); i++) {
        w.conceptDetections[i] = r.conceptDetections().get(i);
      }
    }
    if (schema != null && r.features() != null) {
      for (WindowRecord.FeatureWindow f : r.features()) {
        int i = schema.indexOf(f.name());
        if (i < 0 || schema.numeric[i] != f.numeric()) {
          continue;
        }
        w.missing[i] += f.missing();
        if (f.numeric()) {
          w.numeric[i].merge(SketchCodec.decode(f.sketch()));
        } else if (f.categories() != null) {
          int fi = i;
          f.categories().forEach((cat, n) -> w.categories[fi][schema.dictionaries[fi].code(cat)] += n);
        }
      }
    }
    return w;
  }
}
