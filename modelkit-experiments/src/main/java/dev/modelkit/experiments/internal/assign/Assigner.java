package dev.modelkit.experiments.internal.assign;

import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.AssignmentReason;
import dev.modelkit.experiment.ExperimentDefinition;
import dev.modelkit.experiment.RampStep;
import dev.modelkit.experiment.TargetingOperator;
import dev.modelkit.experiment.TargetingRule;
import dev.modelkit.experiment.TrafficAllocation;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The assignment rules of one experiment, compiled for the hot path: a pure function of (unit
 * id, attributes, time) that allocates nothing for ASCII ids.
 *
 * <p>One hash, h = MurmurHash3_x64_128(UTF-8 unit id, seed = MurmurHash3_x86_32(UTF-8 salt, 0))
 * truncated to its first 64 bits, drives every decision: its low 32 bits pick the variant
 * bucket, its high 32 bits the ramp-up position, and a remix of it the holdout position. A bucket
 * index is {@code (32-bit value * 10000) >>> 32}, which maps a uniform 32-bit value to a uniform
 * bucket.
 */
public final class Assigner {
  /** Decision code: the unit does not match the targeting rules. */
  public static final int NOT_TARGETED = -1;
  /** Decision code: the unit is in the holdout. */
  public static final int HOLDOUT = -2;
  /** Decision code: the ramp-up does not include the unit yet. */
  public static final int NOT_YET_RAMPED = -3;
  /** Decision code: the unit's variant is paused or stopped. */
  public static final int VARIANT_INACTIVE = -4;

  private static final long HOLDOUT_STREAM = 0x9E3779B97F4A7C15L;

  private final int seed;
  private final BucketLayout layout;
  private final boolean[] active;
  private final int holdoutBuckets;
  private final long startMillis;
  private final long[] rampMillis;
  private final int[] rampBuckets;
  private final CompiledRule[] rules;

  /**
   * @param experiment the experiment; its allocation history decides the layout
   */
  public Assigner(ABTestExperiment experiment) {
    TrafficAllocation traffic = experiment.trafficAllocation();
    this.seed = Murmur3.x86_32(traffic.salt() == null ? experiment.id() : traffic.salt(), 0);
    this.layout = BucketLayout.fromHistory(experiment.allocationHistory());
    this.active = new boolean[experiment.variants().size()];
    for (int i = 0; i < active.length; i++) {
      active[i] = experiment.variants().get(i).active();
    }
    this.holdoutBuckets = (int) Math.round(traffic.holdoutPercent() * BucketLayout.BUCKETS / 100);
    Instant start = experiment.startedAt();
    this.startMillis = start == null ? 0 : start.toEpochMilli();
    List<RampStep> ramp = traffic.rampUp();
    this.rampMillis = new long[ramp.size()];
    this.rampBuckets = new int[ramp.size()];
    for (int i = 0; i < ramp.size(); i++) {
      rampMillis[i] = ramp.get(i).afterStart().toMillis();
      rampBuckets[i] = (int) Math.round(ramp.get(i).exposurePercent() * BucketLayout.BUCKETS / 100);
    }
    this.rules = traffic.targeting().stream().map(CompiledRule::new).toArray(CompiledRule[]::new);
  }

  /**
   * @param unitId the unit
   * @return its 64-bit hash under this experiment's salt (also its exposure fingerprint)
   */
  public long hash(CharSequence unitId) {
    return Murmur3.x64_64(unitId, seed);
  }

  /**
   * @param hash the unit's {@link #hash}
   * @param attributes the unit's attributes
   * @param nowMillis the current time
   * @return the variant index, or a negative decision code
   */
  public int decide(long hash, Map<String, String> attributes, long nowMillis) {
    for (CompiledRule rule : rules) {
      if (!rule.matches(attributes)) {
        return NOT_TARGETED;
      }
    }
    if (holdoutBuckets > 0 && bucket(Murmur3.fmix64(hash ^ HOLDOUT_STREAM)) < holdoutBuckets) {
      return HOLDOUT;
    }
    if (rampBuckets.length > 0 && bucket(hash >>> 32) >= exposureBuckets(nowMillis)) {
      return NOT_YET_RAMPED;
    }
    int variant = variantOf(hash);
    return active[variant] ? variant : VARIANT_INACTIVE;
  }

  /**
   * @param hash the unit's hash
   * @return the variant owning its bucket, ignoring targeting, holdout, ramp and status
   */
  public int variantOf(long hash) {
    return layout.owner(bucket(hash));
  }

  /** @return the bucket layout */
  public BucketLayout layout() {
    return layout;
  }

  /**
   * @param code a negative decision code
   * @return the reason reported for it
   */
  public static AssignmentReason reasonOf(int code) {
    return switch (code) {
      case NOT_TARGETED -> AssignmentReason.NOT_TARGETED;
      case HOLDOUT -> AssignmentReason.HOLDOUT;
      case NOT_YET_RAMPED -> AssignmentReason.NOT_YET_RAMPED;
      case VARIANT_INACTIVE -> AssignmentReason.VARIANT_INACTIVE;
      default -> AssignmentReason.ASSIGNED;
    };
  }

  private int exposureBuckets(long nowMillis) {
    long elapsed = nowMillis - startMillis;
    int buckets = rampBuckets[0];
    for (int i = 1; i < rampMillis.length && rampMillis[i] <= elapsed; i++) {
      buckets = rampBuckets[i];
    }
    return buckets;
  }

  private static int bucket(long hash) {
    return (int) (((hash & 0xffffffffL) * BucketLayout.BUCKETS) >>> 32);
  }

  /** A targeting rule with its values in a set. */
  private static final class CompiledRule {
    private final String attribute;
    private final TargetingOperator operator;
    private final Set<String> values;

    CompiledRule(TargetingRule rule) {
      this.attribute = rule.attribute();
      this.operator = rule.operator();
      this.values = new HashSet<>(rule.values());
    }

    boolean matches(Map<String, String> attributes) {
      String value = attributes.get(attribute);
      return switch (operator) {
        case IN -> value != null && values.contains(value);
        case NOT_IN -> value == null || !values.contains(value);
        case PRESENT -> value != null;
        case ABSENT -> value == null;
      };
    }
  }

  /**
   * @param experiment an experiment
   * @return the index of its control
   */
  public static int controlIndex(ABTestExperiment experiment) {
    return Math.max(0, ExperimentDefinition.controlIndex(experiment.variants()));
  }
}
