package dev.modelkit.core.evaluation.internal;

import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic in-memory model: the probability of {@code bad} is the row's {@code score}
 * (or one minus it when inverted), 0.5 when the score is missing; a non-numeric score cannot be
 * scored. The other fields are read but ignored, so their importance must come out as exactly 0.
 */
public final class ScorePredictor implements Predictor {
  private final boolean inverted;
  private boolean closed;

  /** @param inverted whether the probability is one minus the score (a worse challenger) */
  public ScorePredictor(boolean inverted) {
    this.inverted = inverted;
  }

  @Override
  public List<String> inputFields() {
    return List.of("score", "age", "foreign", "month");
  }

  @Override
  public List<String> labels() {
    return List.of("good", "bad");
  }

  @Override
  public Prediction predict(Map<String, Object> row) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (row.containsKey("class")) {
      throw new AssertionError("the label reached the model: " + row);
    }
    Object s = row.get("score");
    if (s != null && !(s instanceof Number)) {
      throw new IllegalArgumentException("score '" + s + "' is not a number");
    }
    double p = s == null ? 0.5 : Math.max(0, Math.min(1, ((Number) s).doubleValue()));
    if (inverted) {
      p = 1 - p;
    }
    Map<String, Double> probs = new LinkedHashMap<>();
    probs.put("good", 1 - p);
    probs.put("bad", p);
    return Prediction.of(p >= 0.5 ? "bad" : "good", probs);
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> rows) {
    List<Prediction> out = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      try {
        out.add(predict(r));
      } catch (IllegalArgumentException e) {
        out.add(Prediction.failed(e.getMessage()));
      }
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
  }
}
