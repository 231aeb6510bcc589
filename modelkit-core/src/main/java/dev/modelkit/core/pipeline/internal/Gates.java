package dev.modelkit.core.pipeline.internal;

import dev.modelkit.config.Checks;
import dev.modelkit.pipeline.GateResult;
import dev.modelkit.pipeline.QualityGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Evaluates a stage's quality gates on the metrics of the run so far. */
public final class Gates {
  private Gates() {}

  /**
   * @param stage the stage's name, for messages
   * @param gates the gates
   * @param metrics every metric produced so far in the run, later stages overriding earlier ones
   * @return one result per gate, in order
   */
  public static List<GateResult> evaluate(String stage, List<QualityGate> gates, Map<String, Double> metrics) {
    List<GateResult> out = new ArrayList<>();
    for (QualityGate g : gates) {
      Double value = metrics.get(g.metric());
      if (value == null) {
        out.add(new GateResult(g.name(), g.metric(), Double.NaN, g.threshold(), g.operator(), g.action(), false,
            "Quality gate '" + g.name() + "' of stage '" + stage + "': metric '" + g.metric()
                + "' was not produced by any stage so far, so '" + g.condition() + "' cannot hold; available: "
                + new TreeSet<>(metrics.keySet())));
        continue;
      }
      boolean held = g.operator().holds(value, g.threshold());
      out.add(new GateResult(g.name(), g.metric(), value, g.threshold(), g.operator(), g.action(), held,
          "Quality gate '" + g.name() + "' of stage '" + stage + "': " + g.metric() + " was " + show(value)
              + (held ? ", and " : " but ") + "it must be " + g.operator().symbol() + " " + Checks.num(g.threshold())
              + " (" + g.operator().wireName() + ")" + (held ? "" : "; action " + g.action().wireName())));
    }
    return out;
  }

  static String show(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Checks.num(v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
