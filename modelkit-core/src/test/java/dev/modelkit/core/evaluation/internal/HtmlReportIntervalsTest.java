package dev.modelkit.core.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.evaluation.ConfidenceInterval;
import dev.modelkit.evaluation.EvaluationDetails;
import dev.modelkit.evaluation.EvaluationDetails.FairnessAttribute;
import dev.modelkit.evaluation.EvaluationDetails.GroupRates;
import dev.modelkit.evaluation.EvaluationReport;
import dev.modelkit.evaluation.EvaluationSuite;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The HTML page shows every fairness figure as "value [low, high], n=rows", or flags it with the reason. */
class HtmlReportIntervalsTest {

  @Test
  void aFigureIsShownWithItsIntervalAndRowsOrFlaggedWithTheReason() {
    assertEquals("0.3080 [0.255, 0.366], n=263",
        HtmlReport.withInterval(81 / 263.0, Wilson.interval(81, 263, 30, "rows")));
    assertEquals("0.2308, n=13 <span class=\"flag\" title=\"only 13 rows (fewer than 30): too few for a meaningful "
        + "interval\">no interval</span>", HtmlReport.withInterval(3 / 13.0, Wilson.interval(3, 13, 30, "rows")));
    assertEquals("0.5000", HtmlReport.withInterval(0.5, null), "a report stored before intervals");
  }

  @Test
  void theFairnessTablesCarryTheIntervals() {
    // 'x': 200 rows, 70 predicted positive; 'y': 200 rows, 110; 'z': 12 rows
    String[] actual = new String[412];
    String[] predicted = new String[412];
    String[] group = new String[412];
    for (int i = 0; i < 412; i++) {
      group[i] = i < 200 ? "x" : i < 400 ? "y" : "z";
      int k = i < 200 ? i : i < 400 ? i - 200 : i - 400;
      int selected = i < 200 ? 70 : i < 400 ? 110 : 8;
      predicted[i] = k < selected ? "bad" : "good";
      actual[i] = k % 3 == 0 ? "bad" : "good";
    }
    Scores s = new Scores(actual, predicted, new double[412], new double[412], "bad");
    FairnessAttribute f = FairnessMetrics.compute("grp", new Groups("each value", group), s,
        new DisparityBootstrap.Settings(1000, 30, new SplittableRandom(9)));
    DataSource src = new DataSource("d", DataFormat.CSV, "d.csv", new DataSchema(List.of("grp"), List.of("class"),
        Map.of()), null, null, null);
    EvaluationReport r = new EvaluationReport("eval-1", "acme", "m", "1", EvaluationSuite.builder("s", List.of(src))
        .build(), Instant.EPOCH, Map.of(), new EvaluationDetails("summary", "bad", "class", null, null, List.of(f),
            null, null, null, null, null, null, null, null));
    String html = HtmlReport.render(r);
    GroupRates x = f.groups().get(0);
    ConfidenceInterval w = x.positiveRateInterval();
    assertTrue(html.contains(String.format(Locale.ROOT, "0.3500 [%.3f, %.3f], n=200", w.low(), w.high())), html);
    assertTrue(html.contains("0.6667, n=12 <span class=\"flag\" title=\"only 12 rows (fewer than 30)"), html);
    // z (8 of 12) has the highest rate: the parity difference compares it with x and is flagged for its size
    assertTrue(html.contains("group &#39;z&#39; has only 12 rows (fewer than 30): too few for a meaningful interval"),
        html);
    assertTrue(html.contains("of the predicted-positive rate of &#39;z&#39; minus that of &#39;x&#39;"), html);
  }
}
