package dev.modelkit.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.experiment.ExperimentAnalysis;
import dev.modelkit.experiment.StoppingAction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the experiment quickstart on the real German Credit data and prints what it printed (run
 * with {@code mvn -q -o -pl samples -am test -Dtest=ExperimentQuickstartTest
 * -Dsurefire.failIfNoSpecifiedTests=false} to see the analysis).
 */
class ExperimentQuickstartTest {
  @TempDir
  Path home;

  @Test
  void theChallengerScorecardIsAnalysedAndTheExperimentConcluded() {
    List<CreditApplicant> applicants = CreditApplicant.read(
        Path.of(System.getProperty("modelkit.data"), "credit", "german_credit.arff"));
    assertEquals(1000, applicants.size());
    assertEquals(700, applicants.stream().filter(CreditApplicant::good).count());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ExperimentAnalysis analysis;
    try (StandaloneExperiments runtime = new StandaloneExperiments(home);
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      analysis = ExperimentQuickstart.run(runtime.experiments(), applicants, runtime::advance, out);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(printed);
    assertTrue(printed.contains("correct_decision (binary, primary, higher is better)"), printed);
    assertTrue(printed.contains("Concluded:"), printed);
    assertTrue(analysis.totalUnits() > 0);
    assertTrue(analysis.recommendation().action() != StoppingAction.CONTINUE || analysis.totalUnits() >= 48 * 1500,
        "stopped early without a reason");
  }
}
