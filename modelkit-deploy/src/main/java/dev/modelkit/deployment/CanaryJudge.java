package dev.modelkit.deployment;

import dev.modelkit.ConfigurationException;
import dev.modelkit.config.Checks;
import dev.modelkit.config.Violation;
import dev.modelkit.deploy.CanaryStage;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.monitoring.PerformanceMetrics;
import dev.modelkit.monitoring.Period;
import dev.modelkit.spi.ServiceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * Decides a canary stage on live evidence, as {@link DeploymentManager} describes: the stage's
 * window of the new version's metrics, an early failure once the 99% Wilson lower bound of its
 * error rate passes an error-rate threshold, the criteria once the duration has passed and {@code
 * minSamples} predictions were seen, and for the error rate a one-sided two-proportion z-test of
 * the new version against the live one at {@code alpha}. It holds no rollout state: the manager
 * passes the stage and acts on the {@link Verdict}.
 */
final class CanaryJudge {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CanaryJudge.class);
  /** z of a two-sided 99% interval, for the early failure's Wilson lower bound. */
  private static final double Z_99 = 2.5758293035489004;
  /** Predictions before an error-rate criterion may fail early. */
  private static final int EARLY_MIN = 20;

  private final StageMetrics metrics;
  private final int minSamples;
  private final double alpha;

  CanaryJudge(StageMetrics metrics, int minSamples, double alpha) {
    this.metrics = metrics;
    this.minSamples = minSamples;
    this.alpha = alpha;
  }

  /** What to do with the stage now. */
  enum Decision {
    /** Not decided yet: the stage goes on. */
    WAIT,
    /** The stage passed: move to the next one (or live). */
    ADVANCE,
    /** The stage failed: roll back, with the reason. */
    ROLL_BACK
  }

  /**
   * @param decision what to do
   * @param reason why, for a rollback; null otherwise
   */
  record Verdict(Decision decision, String reason) {
    static final Verdict WAIT = new Verdict(Decision.WAIT, null);
    static final Verdict ADVANCE = new Verdict(Decision.ADVANCE, null);

    static Verdict rollBack(String reason) {
      return new Verdict(Decision.ROLL_BACK, reason);
    }
  }

  /**
   * @param ctx the deploying caller's context, for the evidence
   * @param modelId the model
   * @param version the new version
   * @param previousVersion the live version it is compared with, or null
   * @param index the stage's index (0 for the first)
   * @param stage the stage
   * @param criteria its parsed criteria
   * @param stageStart when the stage began
   * @param previousStageStart when the stage before it began (judged instead when this stage has no
   *     duration of its own)
   * @param now the time of the decision
   * @return the verdict
   */
  Verdict stage(ServiceContext ctx, String modelId, String version, String previousVersion, int index,
      CanaryStage stage, List<Criterion> criteria, Instant stageStart, Instant previousStageStart, Instant now) {
    Instant from = stage.duration() == 0 && index > 0 ? previousStageStart : stageStart;
    Period window = now.isAfter(from) ? new Period(from, now) : null;
    PerformanceMetrics m = window == null ? null : evidence(ctx, modelId, version, window);
    String early = earlyFailure(criteria, m);
    if (early != null) {
      return Verdict.rollBack(early);
    }
    if (now.isBefore(stageStart.plusMillis((long) (stage.duration() * 1000)))) {
      return Verdict.WAIT;
    }
    if (criteria.isEmpty()) {
      return Verdict.ADVANCE;
    }
    long n = m == null ? 0 : m.predictions();
    if (n < minSamples) {
      Instant giveUp = stageStart.plusMillis((long) (Math.max(stage.duration(), 1) * 3000));
      return now.isBefore(giveUp) ? Verdict.WAIT : Verdict.rollBack("canary stage " + (index + 1) + " gathered " + n
          + " predictions of version " + version + " in three times its duration, fewer than the " + minSamples
          + " needed to judge " + criteria);
    }
    for (Criterion c : criteria) {
      double v = c.valueOf(m);
      if (!c.holds(v)) {
        return Verdict.rollBack(String.format(Locale.ROOT,
            "criterion '%s' failed in canary stage %d: observed %s over %d predictions", c.text(), index + 1,
            Double.isNaN(v) ? "no data" : Checks.num(Math.round(v * 1e6) / 1e6), m.predictions()));
      }
      if (c.metric().equals("error_rate") && previousVersion != null) {
        PerformanceMetrics live;
        try {
          live = metrics.of(ctx, modelId, previousVersion, window);
        } catch (RuntimeException unavailable) {
          // the comparison cannot be made now: judged at the next tick, never skipped
          LOG.warn("Evidence of live version {} {} could not be read; the canary stage waits: {}", modelId,
              previousVersion, unavailable.getMessage());
          return Verdict.WAIT;
        }
        if (live != null && live.predictions() >= minSamples) {
          double p = worseThanLive(m, live);
          if (p < alpha) {
            return Verdict.rollBack(String.format(Locale.ROOT,
                "canary version %s error rate %.4f is significantly above live version %s (%.4f), one-sided p=%.3g < %s",
                version, m.errorRate(), previousVersion, live.errorRate(), p, Checks.num(alpha)));
          }
        }
      }
    }
    return Verdict.ADVANCE;
  }

  /**
   * The new version's evidence, or null when there is none or it cannot be read now (monitoring
   * closing, its store busy): either way the stage has no evidence, so it waits and, if that lasts
   * three times its duration, rolls back like any stage short of evidence.
   */
  private PerformanceMetrics evidence(ServiceContext ctx, String modelId, String version, Period window) {
    try {
      return metrics.of(ctx, modelId, version, window);
    } catch (RuntimeException unavailable) {
      LOG.warn("Evidence of canary {} {} could not be read; counted as none: {}", modelId, version,
          unavailable.getMessage());
      return null;
    }
  }

  private static String earlyFailure(List<Criterion> criteria, PerformanceMetrics m) {
    if (m == null || m.predictions() < EARLY_MIN) {
      return null;
    }
    for (Criterion c : criteria) {
      if (c.metric().equals("error_rate") && c.operator().startsWith("<")) {
        long errors = Math.round(m.errorRate() * m.predictions());
        double lower = wilsonLower(errors, m.predictions(), Z_99);
        if (lower > c.threshold()) {
          return String.format(Locale.ROOT,
              "criterion '%s' failed early: error rate %.4f over %d predictions, 99%% lower bound %.4f above %s",
              c.text(), m.errorRate(), m.predictions(), lower, Checks.num(c.threshold()));
        }
      }
    }
    return null;
  }

  /** One-sided p-value of H1: the canary's error rate exceeds the live version's (pooled z-test). */
  static double worseThanLive(PerformanceMetrics canary, PerformanceMetrics live) {
    double n1 = canary.predictions();
    double n2 = live.predictions();
    double x1 = Math.round(canary.errorRate() * n1);
    double x2 = Math.round(live.errorRate() * n2);
    double pooled = (x1 + x2) / (n1 + n2);
    double se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    if (se == 0) {
      return x1 / n1 > x2 / n2 ? 0 : 1;
    }
    double z = (x1 / n1 - x2 / n2) / se;
    return 1 - new NormalDistribution(0, 1).cumulativeProbability(z);
  }

  /**
   * @param successes events counted
   * @param n trials
   * @param z the normal quantile of the interval
   * @return the Wilson score interval's lower bound
   */
  static double wilsonLower(long successes, long n, double z) {
    double p = (double) successes / n;
    double z2 = z * z;
    double centre = p + z2 / (2 * n);
    double margin = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return (centre - margin) / (1 + z2 / n);
  }

  /**
   * @param s a rollout strategy
   * @return each stage's criteria, parsed
   * @throws ConfigurationException listing every criterion that does not parse, by its path
   */
  static List<List<Criterion>> parseCriteria(RolloutStrategy s) {
    List<List<Criterion>> all = new ArrayList<>();
    List<Violation> problems = new ArrayList<>();
    for (int i = 0; i < s.stages().size(); i++) {
      List<Criterion> stage = new ArrayList<>();
      List<String> texts = s.stages().get(i).criteria();
      for (int j = 0; j < texts.size(); j++) {
        try {
          stage.add(Criterion.parse("stages[" + i + "].criteria[" + j + "]", texts.get(j)));
        } catch (ConfigurationException e) {
          problems.addAll(e.violations());
        }
      }
      all.add(stage);
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("RolloutStrategy", problems);
    }
    return all;
  }
}
