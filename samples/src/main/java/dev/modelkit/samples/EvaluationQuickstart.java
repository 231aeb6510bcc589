package dev.modelkit.samples;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.evaluation.EvaluationDetails.FairnessAttribute;
import dev.modelkit.evaluation.EvaluationDetails.GroupRates;
import dev.modelkit.evaluation.EvaluationReport;
import dev.modelkit.evaluation.EvaluationSuite;
import dev.modelkit.training.DataSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The evaluation step of the quickstart: a model-risk reviewer (read access only) runs the whole
 * suite on the champion, with the challenger as benchmark, and writes the HTML report.
 */
final class EvaluationQuickstart {
  private EvaluationQuickstart() {}

  /**
   * @param reviewer a caller with read access
   * @param modelId the model
   * @param champion the version to evaluate
   * @param challenger the version to compare against
   * @param testData the labelled data to evaluate on
   * @param reportDir where the HTML report goes
   * @param out where to print
   * @return the HTML report's path
   */
  static Path run(CustomModelTrainingService reviewer, String modelId, String champion, String challenger,
      List<DataSource> testData, Path reportDir, PrintStream out) {
    EvaluationSuite suite = EvaluationSuite.builder("Quickstart model review", testData).positiveClass("bad")
        .protectedAttributes("personal_status", "age", "foreign_worker").challengerVersion(challenger).seed(42)
        .build();
    EvaluationReport r = reviewer.evaluations().evaluate(modelId, champion, suite);
    out.println(r.details().summary());
    for (FairnessAttribute f : r.details().fairness()) {
      StringBuilder groups = new StringBuilder();
      for (GroupRates g : f.groups()) {
        groups.append(String.format(Locale.ROOT, " %s n=%d P(predicted bad)=%.3f;", g.group(), g.count(),
            g.positiveRate()));
      }
      out.printf(Locale.ROOT, "  %s:%s demographic parity difference %.3f%n", f.attribute(), groups,
          f.demographicParityDifference());
    }
    r.details().notes().forEach(n -> out.println("  note: " + n));
    Path html = reviewer.evaluations().writeHtml(r.id(), reportDir.resolve(modelId + "-v" + champion + ".html"));
    out.println("HTML evaluation report: " + html.toAbsolutePath());
    return html;
  }
}
