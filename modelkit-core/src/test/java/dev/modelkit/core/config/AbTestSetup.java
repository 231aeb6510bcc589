package dev.modelkit.core.config;

import dev.modelkit.config.Checks;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.SuccessMetric;
import java.util.List;

/**
 * Test-only shape of the seed's "A/B Testing Setup" example: the two arrays handed to
 * createABTestExperiment. It checks that allocations sum to 100, to show that a record's own
 * cross-field rule is reported with the codec's other problems.
 *
 * @param variants the arms
 * @param successMetrics what the experiment is judged by
 */
public record AbTestSetup(List<ModelVariant> variants, List<SuccessMetric> successMetrics) {

  /** Validates that allocations sum to 100. */
  public AbTestSetup {
    Checks c = new Checks("AbTestSetup");
    c.required("variants", variants);
    c.required("successMetrics", successMetrics);
    if (variants != null) {
      double sum = variants.stream().mapToDouble(ModelVariant::allocation).sum();
      c.check(Math.abs(sum - 100) < 1e-9, "variants", sum + "%", "have allocations that sum to 100");
    }
    c.throwIfAny();
  }
}
