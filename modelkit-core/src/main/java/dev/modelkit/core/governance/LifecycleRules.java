package dev.modelkit.core.governance;

import dev.modelkit.InvalidStateException;
import dev.modelkit.deploy.Environment;
import dev.modelkit.governance.LifecycleStage;
import dev.modelkit.governance.ModelVersion;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which lifecycle moves a model version may make, and which stages each deployment environment
 * accepts.
 *
 * <pre>
 * draft      -&gt; staging, archived, rejected
 * staging    -&gt; production, archived, rejected
 * production -&gt; staging (step back), archived
 * archived   -&gt; nothing (final)
 * rejected   -&gt; nothing (never deployable)
 * </pre>
 *
 * <p>Deployment: production needs stage production; staging needs staging or production;
 * development needs any stage but rejected or archived.
 */
public final class LifecycleRules {
  private static final Map<LifecycleStage, Set<LifecycleStage>> MOVES = new EnumMap<>(LifecycleStage.class);

  static {
    MOVES.put(LifecycleStage.DRAFT, EnumSet.of(LifecycleStage.STAGING, LifecycleStage.ARCHIVED, LifecycleStage.REJECTED));
    MOVES.put(LifecycleStage.STAGING, EnumSet.of(LifecycleStage.PRODUCTION, LifecycleStage.ARCHIVED, LifecycleStage.REJECTED));
    MOVES.put(LifecycleStage.PRODUCTION, EnumSet.of(LifecycleStage.STAGING, LifecycleStage.ARCHIVED));
    MOVES.put(LifecycleStage.ARCHIVED, EnumSet.noneOf(LifecycleStage.class));
    MOVES.put(LifecycleStage.REJECTED, EnumSet.noneOf(LifecycleStage.class));
  }

  private LifecycleRules() {}

  /**
   * @param from a stage
   * @return the stages a version in {@code from} may move to
   */
  public static Set<LifecycleStage> movesFrom(LifecycleStage from) {
    return Set.copyOf(MOVES.get(from));
  }

  /**
   * @param v the version
   * @param to the requested stage
   * @throws InvalidStateException if the move is not allowed, saying why and what is allowed
   */
  public static void checkMove(ModelVersion v, LifecycleStage to) {
    LifecycleStage from = v.stage();
    if (from == to) {
      throw new InvalidStateException(label(v) + " is already in stage " + to.wireName() + ".");
    }
    if (from == LifecycleStage.REJECTED) {
      throw new InvalidStateException(label(v) + " was rejected and can never change stage"
          + (v.note() == null ? "" : " (" + v.note() + ")") + ". Train a new version.");
    }
    if (from == LifecycleStage.ARCHIVED) {
      throw new InvalidStateException(label(v) + " is archived, which is final. Register or train a new version.");
    }
    if (!MOVES.get(from).contains(to)) {
      throw new InvalidStateException(label(v) + " cannot move from " + from.wireName() + " to " + to.wireName()
          + ". From " + from.wireName() + " it may move to " + wire(MOVES.get(from)) + ".");
    }
  }

  /**
   * @param env a deployment environment
   * @return the stages a version must be in to be deployed there
   */
  public static Set<LifecycleStage> deployableStages(Environment env) {
    return switch (env) {
      case PRODUCTION -> EnumSet.of(LifecycleStage.PRODUCTION);
      case STAGING -> EnumSet.of(LifecycleStage.STAGING, LifecycleStage.PRODUCTION);
      case DEVELOPMENT -> EnumSet.of(LifecycleStage.DRAFT, LifecycleStage.STAGING, LifecycleStage.PRODUCTION);
    };
  }

  /**
   * @param env a deployment environment
   * @return the stages whose approvals, if complete, allow deploying there
   */
  public static List<LifecycleStage> approvalStagesFor(Environment env) {
    return env == Environment.PRODUCTION
        ? List.of(LifecycleStage.PRODUCTION)
        : List.of(LifecycleStage.STAGING, LifecycleStage.PRODUCTION);
  }

  /**
   * @param v the version
   * @param env where it is to be deployed
   * @throws InvalidStateException if its stage does not allow that environment
   */
  public static void checkDeployableStage(ModelVersion v, Environment env) {
    Set<LifecycleStage> ok = deployableStages(env);
    if (!ok.contains(v.stage())) {
      String hint = switch (v.stage()) {
        case REJECTED -> " It was rejected and can never be deployed" + (v.note() == null ? "" : " (" + v.note() + ")") + ".";
        case ARCHIVED -> " It is archived and can no longer be deployed.";
        default -> " Move it with models().transition(\"" + v.modelId() + "\", \"" + v.version() + "\", "
            + (env == Environment.PRODUCTION ? "production" : "staging") + ", reason) first.";
      };
      throw new InvalidStateException(label(v) + " is in stage " + v.stage().wireName() + "; " + env.wireName()
          + " deployments need stage " + wire(ok) + "." + hint);
    }
  }

  static String label(ModelVersion v) {
    return "Model '" + v.modelId() + "' version '" + v.version() + "'";
  }

  private static String wire(Set<LifecycleStage> stages) {
    StringBuilder sb = new StringBuilder();
    for (LifecycleStage s : LifecycleStage.values()) {
      if (stages.contains(s)) {
        sb.append(sb.length() == 0 ? "" : " or ").append(s.wireName());
      }
    }
    return sb.length() == 0 ? "nothing" : sb.toString();
  }
}
