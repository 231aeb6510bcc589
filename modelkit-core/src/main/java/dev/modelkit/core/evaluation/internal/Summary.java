package dev.modelkit.core.evaluation.internal;

import dev.modelkit.evaluation.ConfidenceInterval;
import dev.modelkit.evaluation.EvaluationDetails.Benchmark;
import dev.modelkit.evaluation.EvaluationDetails.DataFacts;
import dev.modelkit.evaluation.EvaluationDetails.FairnessAttribute;
import dev.modelkit.evaluation.EvaluationDetails.FeatureImportance;
import dev.modelkit.evaluation.EvaluationDetails.Robustness;
import dev.modelkit.evaluation.EvaluationSuite;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the plain-text paragraph that opens a report: the figures a reviewer looks for first. */
final class Summary {
  private Summary() {}

  static String of(EvaluationSuite suite, String positive, DataFacts data, Map<String, Double> base,
      List<FairnessAttribute> fairness, List<Robustness> robustness, List<FeatureImportance> importances,
      Benchmark benchmark) {
    StringBuilder b = new StringBuilder();
    b.append("Suite '").append(suite.name()).append("' on ").append(data.scoredRows()).append(" scored rows");
    if (data.scoredRows() < data.rows()) {
      b.append(" (of ").append(data.rows()).append(" read)");
    }
    b.append(", positive class '").append(positive).append("': accuracy ").append(f(base.get("accuracy")));
    if (base.containsKey("roc_auc")) {
      b.append(", ROC AUC ").append(f(base.get("roc_auc"))).append(", PR AUC ").append(f(base.get("pr_auc")));
    }
    b.append(", expected calibration error ").append(f(base.get("calibration_error"))).append('.');
    for (FairnessAttribute a : fairness) {
      b.append(" Over ").append(a.attribute()).append(" (").append(a.groups().size())
          .append(" groups) the predicted-positive rate differs by up to ")
          .append(f(a.demographicParityDifference()));
      ConfidenceInterval ci = a.demographicParityInterval();
      if (ci != null && ci.available()) {
        b.append(" (95% interval ").append(f(ci.low())).append(" to ").append(f(ci.high()))
            .append(ci.contains(0) ? ", which includes no difference" : "").append(')');
      } else if (ci != null) {
        b.append(" (no interval: ").append(ci.caveat()).append(')');
      }
      if (a.disparateImpactRatio() != null) {
        b.append(", disparate impact ratio ").append(f(a.disparateImpactRatio()));
      }
      b.append('.');
    }
    robustness.stream().filter(r -> r.drops().containsKey("accuracy"))
        .max(java.util.Comparator.comparingDouble(r -> r.drops().get("accuracy")))
        .ifPresent(r -> b.append(" The worst perturbation for accuracy is ").append(r.perturbation())
            .append(" (drop ").append(f(r.drops().get("accuracy"))).append(")."));
    if (!importances.isEmpty()) {
      b.append(" The most important field is ").append(importances.get(0).feature()).append('.');
    }
    if (benchmark != null && benchmark.rocAucDifference() != null) {
      b.append(" Against version ").append(benchmark.challengerVersion()).append(" the ROC AUC differs by ")
          .append(f(benchmark.rocAucDifference())).append(" (DeLong p ").append(p(benchmark.rocAucPValue()))
          .append(").");
    }
    return b.toString();
  }

  /** A p-value as a reader expects it: "= 0.034", or "< 0.001" rather than a misleading "0.000". */
  static String p(Double v) {
    if (v == null) {
      return "n/a";
    }
    return v < 0.001 ? "< 0.001" : "= " + String.format(Locale.ROOT, "%.3f", v);
  }

  static String f(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }
}
