package dev.modelkit.samples;

import dev.modelkit.Experiments;
import dev.modelkit.experiment.ABTestExperiment;
import dev.modelkit.experiment.Decision;
import dev.modelkit.experiment.EffectEstimate;
import dev.modelkit.experiment.ExperimentAnalysis;
import dev.modelkit.experiment.ExperimentConfiguration;
import dev.modelkit.experiment.ExperimentDefinition;
import dev.modelkit.experiment.ExperimentRouter;
import dev.modelkit.experiment.MetricAnalysis;
import dev.modelkit.experiment.MetricDirection;
import dev.modelkit.experiment.MetricEvent;
import dev.modelkit.experiment.MetricKind;
import dev.modelkit.experiment.MetricType;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.SequentialEstimate;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.StoppingAction;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiment.TrafficAllocation;
import dev.modelkit.experiment.VariantComparison;
import dev.modelkit.experiment.VariantStatus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * An A/B experiment between two credit-scoring functions on simulated traffic drawn from real
 * applicants (Statlog German Credit): the current scorecard (control) against a challenger that
 * also weighs credit history and savings. Each application is routed by the experiment, scored
 * by the variant's scorecard, and its outcome recorded later, after the loan's fate is known
 * (late outcomes). The analysis is printed after every simulated hour until the sequential test
 * decides; the experiment is then concluded with the analysis as its evidence.
 *
 * <p>Run: {@code mvn -q -o -pl samples -am package -DskipTests}, then {@code java -cp
 * "samples/target/classes:$(cat samples/target/classpath.txt)"
 * dev.modelkit.samples.ExperimentQuickstart} (see {@code modelkit-experiments/README.md}); or
 * call {@link #run} with {@code service.experiments()} from your own code.
 */
public final class ExperimentQuickstart {
  private static final int APPLICATIONS_PER_HOUR = 1500;

  private ExperimentQuickstart() {}

  /**
   * @param args optional: the ModelKit home directory (default: a new temporary directory)
   * @throws Exception if the home cannot be created
   */
  public static void main(String[] args) throws Exception {
    Path home = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("modelkit-experiment-quickstart");
    Path data = Path.of(System.getProperty("modelkit.data", "data"), "credit", "german_credit.arff");
    try (StandaloneExperiments runtime = new StandaloneExperiments(home)) {
      run(runtime.experiments(), CreditApplicant.read(data), runtime::advance, System.out);
    }
  }

  /**
   * Creates, runs, analyses and concludes the experiment.
   *
   * @param experiments the caller's experiments (needs the {@code EXPERIMENT} permission)
   * @param applicants real applicants to draw traffic from
   * @param advanceClock moves the runtime's clock on by a simulated duration
   * @param out where the analysis is printed
   * @return the final analysis
   */
  public static ExperimentAnalysis run(Experiments experiments, List<CreditApplicant> applicants,
      Consumer<Duration> advanceClock, PrintStream out) {
    ABTestExperiment created = experiments.create(new ExperimentDefinition(
        "Credit scorecard v2",
        "Weighing credit history and savings makes more correct lending decisions without approving more bad loans",
        List.of(
            new ModelVariant("control", "Scorecard v1", "credit-scorecard", "1.0.0", Map.of("cutoff", 3), 50,
                VariantStatus.ACTIVE, true),
            new ModelVariant("challenger", "Scorecard v2", "credit-scorecard", "2.0.0", Map.of("cutoff", 4), 50,
                VariantStatus.ACTIVE, false)),
        // A fixed salt makes the assignment, and so this sample's output, the same on every run.
        TrafficAllocation.fixedSplit().withSalt("credit-scorecard-v2"),
        List.of(
            new SuccessMetric("correct_decision", MetricType.QUALITY, 0.75, MetricDirection.INCREASE,
                Significance.PRIMARY, MetricKind.BINARY, 0.02),
            new SuccessMetric("profit_dm", MetricType.BUSINESS, null, MetricDirection.INCREASE, Significance.SECONDARY,
                MetricKind.CONTINUOUS, null),
            new SuccessMetric("bad_loan_approved", MetricType.BUSINESS, null, MetricDirection.DECREASE,
                Significance.GUARDRAIL, MetricKind.BINARY, null)),
        ExperimentConfiguration.defaults().withGuards(500, Duration.ofHours(2))));
    String id = experiments.start(created.id()).id();
    out.printf("Started experiment %s (%s)%n%n", id, created.name());

    ExperimentRouter router = experiments.router();
    Map<String, ToDoubleFunction<CreditApplicant>> scorecards = Map.of(
        "control", ExperimentQuickstart::scorecardV1, "challenger", ExperimentQuickstart::scorecardV2);
    SplittableRandom random = new SplittableRandom(20260105L);
    ExperimentAnalysis analysis = null;
    int applicationNo = 0;
    for (int hour = 1; hour <= 48; hour++) {
      List<MetricEvent> outcomes = new ArrayList<>();
      for (int i = 0; i < APPLICATIONS_PER_HOUR; i++) {
        CreditApplicant a = applicants.get(random.nextInt(applicants.size()));
        String unit = "application-" + (++applicationNo);
        String variant = router.variantFor(id, unit, Map.of());
        boolean approve = scorecards.get(variant).applyAsDouble(a) >= (variant.equals("control") ? 3 : 4);
        // The loan's fate is known later; the outcomes of the hour are recorded together. A good
        // loan earns a quarter of its amount over its life, a bad one loses half.
        outcomes.add(MetricEvent.conversion("correct_decision", unit, approve == a.good()));
        outcomes.add(MetricEvent.value("profit_dm", unit, !approve ? 0 : a.good() ? 0.25 * a.amount() : -0.5 * a.amount()));
        outcomes.add(MetricEvent.conversion("bad_loan_approved", unit, approve && !a.good()));
      }
      advanceClock.accept(Duration.ofHours(1));
      experiments.record(id, outcomes);
      analysis = experiments.analyse(id);
      StoppingAction action = analysis.recommendation().action();
      out.printf(Locale.ROOT, "hour %2d: %,6d units, recommendation %s%n", hour, analysis.totalUnits(),
          action.wireName());
      if (action != StoppingAction.CONTINUE) {
        break;
      }
    }
    print(analysis, out);
    StoppingAction action = analysis.recommendation().action();
    Decision decision = action == StoppingAction.STOP_FOR_EFFICACY ? Decision.WINNER : Decision.NO_DECISION;
    ABTestExperiment concluded = experiments.conclude(id, decision,
        decision == Decision.WINNER ? analysis.recommendation().variantId() : null,
        String.join(" ", analysis.recommendation().reasons()));
    out.printf("%nConcluded: %s%s; all traffic now goes to '%s'.%n", concluded.conclusion().decision().wireName(),
        concluded.conclusion().winnerVariantId() == null ? "" : " " + concluded.conclusion().winnerVariantId(),
        router.variantFor(id, "any-new-application", Map.of()));
    return analysis;
  }

  /** The current scorecard: checking account and loan duration. */
  static double scorecardV1(CreditApplicant a) {
    double points = switch (a.checkingStatus()) {
      case "no checking" -> 3;
      case ">=200" -> 2;
      case "0<=X<200" -> 1;
      default -> 0;
    };
    points += a.durationMonths() <= 12 ? 2 : a.durationMonths() <= 24 ? 1 : 0;
    return points;
  }

  /** The challenger: also credit history and savings, with a higher cut-off. */
  static double scorecardV2(CreditApplicant a) {
    double points = scorecardV1(a);
    points += switch (a.creditHistory()) {
      case "critical/other existing credit" -> 1.5;
      case "existing paid", "delayed previously" -> 1;
      default -> 0;
    };
    points += a.savingsStatus().equals("<100") ? 0 : 0.5;
    return points;
  }

  private static void print(ExperimentAnalysis a, PrintStream out) {
    out.printf(Locale.ROOT, "%nAnalysis at %s: %,d units; sample ratio check p = %.3f%s%n", a.analysedAt(),
        a.totalUnits(), a.sampleRatio().pValue(), a.sampleRatio().mismatch() ? " (MISMATCH)" : " (ok)");
    for (MetricAnalysis m : a.metrics()) {
      out.printf(Locale.ROOT, "%n%s (%s, %s, %s is better)%n", m.metric(), m.kind().wireName(),
          m.significance().wireName(), m.direction() == MetricDirection.INCREASE ? "higher" : "lower");
      m.summaries().forEach(s -> out.printf(Locale.ROOT, "  %-10s %,7d units  value %s%n", s.variantId(), s.units(),
          s.mean() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", s.mean())));
      for (VariantComparison c : m.comparisons()) {
        EffectEstimate f = c.fixedHorizon();
        SequentialEstimate s = c.sequential();
        out.printf(Locale.ROOT, "  %s vs control: %+.4f [%+.4f, %+.4f]", c.variantId(), f.absoluteEffect(),
            f.absoluteLower(), f.absoluteUpper());
        if (f.relativeEffect() != null) {
          out.printf(Locale.ROOT, " = %+.1f%%", 100 * f.relativeEffect());
        }
        out.printf(Locale.ROOT, ", %s p = %.4g (adjusted %.4g)%n", f.test(), f.pValue(), f.adjustedPValue());
        if (s != null) {
          out.printf(Locale.ROOT, "    always-valid: [%+.4f, %+.4f], p = %.4g%n", s.lower(), s.upper(),
              s.alwaysValidPValue());
        }
        out.printf(Locale.ROOT, "    Bayesian (%s): P(better) = %.3f, expected loss if shipped %.5f%n",
            c.bayesian().model(), c.bayesian().probabilityToBeatControl(), c.bayesian().expectedLossIfShipped());
      }
      m.notes().forEach(n -> out.println("  note: " + n));
    }
    out.printf("%nRecommendation: %s%s%n", a.recommendation().action().wireName(),
        a.recommendation().variantId() == null ? "" : " (" + a.recommendation().variantId() + ")");
    a.recommendation().reasons().forEach(r -> out.println("  " + r));
    out.println("Projection: " + a.projection().explanation());
    a.notes().forEach(n -> out.println("Note: " + n));
  }
}
