package dev.modelkit.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.core.evaluation.internal.HandRows;
import dev.modelkit.core.evaluation.internal.HtmlReport;
import dev.modelkit.evaluation.EvaluationReport;
import dev.modelkit.evaluation.EvaluationSuite;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.tck.HeadlessChromium;
import dev.modelkit.tck.ManualClock;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report is self-contained, escapes what it shows, and renders in headless Chromium with
 * every chart present and a screenshot that is not blank.
 */
class HtmlReportBrowserTest {
  private static final String NASTY = "<script>alert('x')</script> & \"quoted\"";

  @TempDir Path home;

  private EvaluationReport report(Path dir) {
    List<Map<String, Object>> rows = HandRows.rows();
    rows.get(0).put("foreign", NASTY);
    EvaluationFixture fx = new EvaluationFixture(dir, new ManualClock(Instant.parse("2026-01-05T10:00:00Z")), rows);
    try (fx) {
      fx.register("acme", "credit <v>", "1");
      fx.register("acme", "credit <v>", "2");
      DataSource hand = new DataSource("hand", DataFormat.CSV, "hand.csv",
          new DataSchema(List.of("score", "age", "foreign", "month"), List.of("class"), Map.of()), null, null, null);
      EvaluationSuite suite = EvaluationSuite.builder("review & sign-off", List.of(hand)).positiveClass("bad")
          .protectedAttributes("age", "foreign").challengerVersion("2").timeField("month").build();
      return fx.evaluations(Principal.of("bob", "acme", Roles.BUSINESS_USER)).evaluate("credit <v>", "1", suite);
    }
  }

  @Test
  void theReportIsSelfContainedAndEscapesEveryText() {
    String html = HtmlReport.render(report(home));
    assertFalse(html.contains(NASTY), "raw markup from the data must not reach the page");
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"));
    assertTrue(html.contains("credit &lt;v&gt;"));
    assertTrue(html.contains("0.5000, n=4 <span class=\"flag\" title=\"only 4 rows (fewer than 30)"),
        "the ten hand rows are too few for intervals, and the page says so");
    assertFalse(Pattern.compile("<script|<link|<img|<iframe|url\\(|@import", Pattern.CASE_INSENSITIVE)
        .matcher(html).find(), "nothing is loaded from elsewhere");
    assertFalse(Pattern.compile("(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find());
  }

  @Test
  void rendersInHeadlessChromiumWithEveryChart(@TempDir Path work) throws Exception {
    HeadlessChromium browser = HeadlessChromium.orSkip();
    EvaluationReport r = report(home);
    Path file = work.resolve("report.html");
    Files.writeString(file, HtmlReport.render(r));
    HeadlessChromium.Rendered page = browser.render(file, work, 1280, 4000);
    assertEquals(1280, page.screenshot().getWidth());
    double variance = HeadlessChromium.luminanceVariance(page.screenshot());
    assertTrue(variance > 100, "the screenshot is not blank: luminance variance " + variance);
    assertTrue(HeadlessChromium.distinctColours(page.screenshot()) > 50, "charts add colour");
    List<String> ids = HtmlReport.chartIds(r);
    assertTrue(ids.containsAll(List.of("roc-curve", "pr-curve", "calibration-plot", "confusion-matrix",
        "fairness-by-group-1", "fairness-by-group-2", "feature-importance", "explanation-1", "robustness-drops",
        "backtest-slices", "training-curves")), ids.toString());
    for (String id : ids) {
      assertTrue(Pattern.compile("<svg[^>]*\\bid=\"" + Pattern.quote(id) + "\"").matcher(page.dom()).find(),
          "chart " + id + " is in the rendered page");
    }
  }
}
