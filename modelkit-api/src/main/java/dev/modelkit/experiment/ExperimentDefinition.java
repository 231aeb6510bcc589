package dev.modelkit.experiment;

import dev.modelkit.config.Checks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything needed to create an experiment: the seed's four arguments of {@code
 * createABTestExperiment} plus its {@code trafficAllocation} and {@code experimentConfig}.
 *
 * <p>The constructor checks the whole definition and reports every problem at once: at least two
 * variants, at most {@value #MAX_VARIANTS}; unique variant ids; exactly one control (see {@link
 * ModelVariant}); allocations summing to 100; at least one metric, at most {@value
 * #MAX_METRICS}; unique metric names; at least one primary metric.
 *
 * @param name display name
 * @param hypothesis what the experiment tests
 * @param variants the arms
 * @param trafficAllocation holdout, ramp-up and targeting; null means {@link
 *     TrafficAllocation#fixedSplit()}
 * @param successMetrics what the experiment is judged by
 * @param experimentConfig analysis settings; null means {@link ExperimentConfiguration#defaults()}
 */
public record ExperimentDefinition(
    String name, String hypothesis, List<ModelVariant> variants, TrafficAllocation trafficAllocation,
    List<SuccessMetric> successMetrics, ExperimentConfiguration experimentConfig) {

  /** Most variants an experiment may have. */
  public static final int MAX_VARIANTS = 50;
  /** Most metrics an experiment may have. */
  public static final int MAX_METRICS = 64;
  /** Variant ids accepted as the control when no variant is flagged. */
  public static final List<String> CONTROL_IDS = List.of("control", "baseline");

  /**
   * Validates the whole definition.
   *
   * @throws dev.modelkit.ConfigurationException listing every problem, each with the field, the
   *     value and the fix
   */
  public ExperimentDefinition {
    Checks c = new Checks("ABTestExperiment");
    c.notBlank("name", name);
    c.required("variants", variants);
    c.required("successMetrics", successMetrics);
    variants = variants == null ? List.of() : List.copyOf(variants);
    successMetrics = successMetrics == null ? List.of() : List.copyOf(successMetrics);
    trafficAllocation = trafficAllocation == null ? TrafficAllocation.fixedSplit() : trafficAllocation;
    experimentConfig = experimentConfig == null ? ExperimentConfiguration.defaults() : experimentConfig;
    hypothesis = hypothesis == null ? "" : hypothesis;
    checkVariants(c, variants);
    checkMetrics(c, successMetrics);
    c.throwIfAny();
  }

  /**
   * @param name display name
   * @param hypothesis what it tests
   * @param variants the arms
   * @param successMetrics the metrics
   * @return a definition with a fixed split and default configuration
   */
  public static ExperimentDefinition of(String name, String hypothesis, List<ModelVariant> variants,
      List<SuccessMetric> successMetrics) {
    return new ExperimentDefinition(name, hypothesis, variants, null, successMetrics, null);
  }

  /**
   * @param allocation the traffic allocation
   * @return this definition with another traffic allocation
   */
  public ExperimentDefinition with(TrafficAllocation allocation) {
    return new ExperimentDefinition(name, hypothesis, variants, allocation, successMetrics, experimentConfig);
  }

  /**
   * @param config the analysis settings
   * @return this definition with another configuration
   */
  public ExperimentDefinition with(ExperimentConfiguration config) {
    return new ExperimentDefinition(name, hypothesis, variants, trafficAllocation, successMetrics, config);
  }

  /**
   * Finds the control: the flagged variant or, when none is flagged, the one named {@code
   * control} or {@code baseline}.
   *
   * @param variants arms
   * @return the control's index, or -1 when there is not exactly one
   */
  public static int controlIndex(List<ModelVariant> variants) {
    int flagged = -1;
    int flaggedCount = 0;
    int named = -1;
    int namedCount = 0;
    for (int i = 0; i < variants.size(); i++) {
      ModelVariant v = variants.get(i);
      if (Boolean.TRUE.equals(v.control())) {
        flagged = i;
        flaggedCount++;
      }
      if (CONTROL_IDS.contains(v.id().toLowerCase(Locale.ROOT))) {
        named = i;
        namedCount++;
      }
    }
    if (flaggedCount > 0) {
      return flaggedCount == 1 ? flagged : -1;
    }
    return namedCount == 1 ? named : -1;
  }

  private static void checkVariants(Checks c, List<ModelVariant> variants) {
    if (variants.size() < 2 || variants.size() > MAX_VARIANTS) {
      c.check(false, "variants", variants.size() + " variant(s)", "list between 2 and " + MAX_VARIANTS
          + " variants: one control and at least one treatment");
    }
    Map<String, Integer> seen = new HashMap<>();
    List<String> parts = new ArrayList<>();
    double sum = 0;
    for (int i = 0; i < variants.size(); i++) {
      ModelVariant v = variants.get(i);
      if (v == null) {
        c.required("variants[" + i + "]", null);
        continue;
      }
      Integer first = seen.putIfAbsent(v.id(), i);
      if (first != null) {
        c.check(false, "variants[" + i + "].id", v.id(), "be unique, but variants[" + first
            + "] already uses it; give each variant its own id");
      }
      sum += v.allocation();
      parts.add(Checks.num(v.allocation()));
    }
    if (!variants.isEmpty() && Math.abs(sum - 100) > 1e-6) {
      c.check(false, "variants[*].allocation", String.join(" + ", parts) + " = " + Checks.num(Math.round(sum * 1e6) / 1e6),
          "sum to 100; change the percentages so that they add up to 100");
    }
    boolean anyNull = variants.stream().anyMatch(v -> v == null);
    if (!anyNull && variants.size() >= 2 && controlIndex(variants) < 0) {
      long flagged = variants.stream().filter(v -> Boolean.TRUE.equals(v.control())).count();
      String shown = variants.stream().map(ModelVariant::id).toList().toString();
      c.check(false, "variants[*].control", flagged > 1 ? flagged + " variants flagged" : shown,
          flagged > 1 ? "flag exactly one variant as the control"
              : "contain exactly one control: set control=true on one variant, or name it 'control' or 'baseline'");
    }
  }

  private static void checkMetrics(Checks c, List<SuccessMetric> metrics) {
    if (metrics.isEmpty() || metrics.size() > MAX_METRICS) {
      c.check(false, "successMetrics", metrics.size() + " metric(s)", "list between 1 and " + MAX_METRICS + " metrics");
    }
    Map<String, Integer> seen = new HashMap<>();
    boolean primary = false;
    for (int i = 0; i < metrics.size(); i++) {
      SuccessMetric m = metrics.get(i);
      if (m == null) {
        c.required("successMetrics[" + i + "]", null);
        continue;
      }
      Integer first = seen.putIfAbsent(m.name(), i);
      if (first != null) {
        c.check(false, "successMetrics[" + i + "].name", m.name(), "be unique, but successMetrics[" + first
            + "] already uses it");
      }
      primary |= m.significance() == Significance.PRIMARY;
    }
    if (!metrics.isEmpty() && !primary) {
      c.check(false, "successMetrics[*].significance", "no primary metric",
          "mark at least one metric as primary: the primary metrics decide the experiment");
    }
  }
}
