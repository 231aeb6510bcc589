package dev.modelkit.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.NotFoundException;
import dev.modelkit.evaluation.EvaluationReport;
import dev.modelkit.evaluation.EvaluationSuite;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.AuditQuery;
import dev.modelkit.spi.AuditRecord;
import dev.modelkit.tck.ManualClock;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports are stored with their audit record, read back whole, listed newest first and kept per organisation. */
class StoredEvaluationsTest {
  private static final Principal BOB = Principal.of("bob", "acme", Roles.BUSINESS_USER);
  private static final DataSource HAND = new DataSource("hand", DataFormat.CSV, "hand.csv",
      new DataSchema(List.of("score", "age", "foreign", "month"), List.of("class"), Map.of()), null, null, null);

  @TempDir Path home;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
  private EvaluationFixture fx;

  @BeforeEach
  void open() {
    fx = new EvaluationFixture(home, clock);
    fx.register("acme", "credit", "1");
    fx.register("acme", "credit", "2");
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private static EvaluationSuite suite() {
    return EvaluationSuite.builder("quarterly review", List.of(HAND)).positiveClass("bad")
        .protectedAttributes("age", "foreign").challengerVersion("2").timeField("month").build();
  }

  @Test
  void aReaderEvaluatesAndTheStoredReportReadsBackWholeWithItsAuditRecord() {
    EvaluationReport r = fx.evaluations(BOB).evaluate("credit", "1", suite());
    EvaluationReport back = fx.evaluations(BOB).get(r.id());
    assertEquals(r.metrics(), back.metrics());
    assertEquals(r.details(), back.details(), "every curve, table and explanation survives the JSON round trip");
    assertEquals(suite(), back.suite());
    assertEquals(clock.instant(), back.createdAt());
    assertEquals(0.7, back.metric("accuracy"), 1e-12);
    assertEquals(Map.of("hand", "d".repeat(64)), back.details().data().fingerprints());
    List<AuditRecord> audit = fx.metadata.queryAudit(AuditQuery.all("acme").forEntity(StoredEvaluations.KIND, r.id()));
    assertEquals(1, audit.size());
    assertEquals("evaluation.completed", audit.get(0).draft().action());
    assertEquals("bob", audit.get(0).draft().principal());
    assertTrue(audit.get(0).draft().after().contains("\"roc_auc\""), "the audit record carries the metrics");
  }

  /**
   * A report stored before confidence intervals existed (no interval fields, no interval settings
   * in its suite) still reads back, keeps its figures, renders, and its suite takes the defaults.
   */
  @Test
  void aReportStoredBeforeIntervalsExistedStillReadsAndRenders() throws Exception {
    EvaluationReport r = fx.evaluations(BOB).evaluate("credit", "1", suite());
    ObjectMapper mapper = new ObjectMapper();
    JsonNode tree = mapper.readTree(fx.json.toJson(r));
    stripIntervals(tree);
    ((ObjectNode) tree).put("id", "eval-before-intervals");
    String old = mapper.writeValueAsString(tree);
    assertFalse(java.util.regex.Pattern.compile("Interval\\w*\"\\s*:").matcher(old).find(),
        "the stored form has no interval field");
    assertTrue(fx.json.toJson(r).contains("\"demographicParityInterval\""), "while a new report has them");
    fx.metadata.save(StoredEvaluations.KIND, "acme", "eval-before-intervals", "completed", old, 0, null);

    EvaluationReport back = fx.evaluations(BOB).get("eval-before-intervals");
    assertEquals(r.metrics(), back.metrics());
    assertEquals(EvaluationSuite.DEFAULT_INTERVAL_RESAMPLES, back.suite().intervalResamples());
    assertEquals(EvaluationSuite.DEFAULT_MIN_INTERVAL_ROWS, back.suite().minIntervalRows());
    var age = back.details().fairness().get(0);
    assertEquals(r.details().fairness().get(0).demographicParityDifference(), age.demographicParityDifference());
    assertNull(age.demographicParityInterval());
    assertNull(age.groups().get(0).positiveRateInterval());
    assertNull(back.details().accuracy().accuracyInterval());
    Path file = home.resolve("old.html");
    fx.evaluations(BOB).writeHtml("eval-before-intervals", file);
    String html = Files.readString(file);
    assertTrue(html.contains("id=\"fairness-by-group-1\""));
    assertFalse(html.contains("no interval</span>") || html.contains("], n="),
        "an old report shows its figures without made-up flags or intervals");
  }

  private static void stripIntervals(JsonNode node) {
    if (node instanceof ObjectNode o) {
      List<String> names = new java.util.ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        if (n.endsWith("Interval") || n.equals("intervalResamples") || n.equals("minIntervalRows")) {
          o.remove(n);
        } else {
          stripIntervals(o.get(n));
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(StoredEvaluationsTest::stripIntervals);
    }
  }

  @Test
  void intervalSettingsAreValidatedAndKeptWithTheSuite() {
    EvaluationSuite custom = EvaluationSuite.builder("custom", List.of(HAND)).intervalResamples(500)
        .minIntervalRows(50).build();
    assertEquals(custom, fx.json.fromJson(fx.json.toJson(custom), EvaluationSuite.class));
    assertEquals(500, custom.intervalResamples());
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> EvaluationSuite.builder("few", List.of(HAND)).intervalResamples(50).minIntervalRows(-1).build());
    assertTrue(e.getMessage().contains("intervalResamples") && e.getMessage().contains("50")
        && e.getMessage().contains("minIntervalRows"), e.getMessage());
  }

  @Test
  void listIsNewestFirstWithoutDetailsAndFiltersByModel() {
    EvaluationReport first = fx.evaluations(BOB).evaluate("credit", "1", suite());
    clock.advance(Duration.ofMinutes(5));
    EvaluationReport second = fx.evaluations(BOB).evaluate("credit", "2", suite());
    List<EvaluationReport> all = fx.evaluations(BOB).list(null, 0, 10);
    assertEquals(List.of(second.id(), first.id()), all.stream().map(EvaluationReport::id).toList());
    assertNull(all.get(0).details());
    assertEquals(List.of(second.id()), fx.evaluations(BOB).list("credit", 0, 1).stream().map(EvaluationReport::id)
        .toList());
    assertTrue(fx.evaluations(BOB).list("other-model", 0, 10).isEmpty());
  }

  @Test
  void anotherOrganisationSeesNothingAndACallerWithoutReadIsRefused() {
    EvaluationReport r = fx.evaluations(BOB).evaluate("credit", "1", suite());
    Principal globex = Principal.of("gina", "globex", Roles.ADMINISTRATOR);
    assertThrows(NotFoundException.class, () -> fx.evaluations(globex).get(r.id()));
    assertTrue(fx.evaluations(globex).list(null, 0, 10).isEmpty());
    NotFoundException v = assertThrows(NotFoundException.class,
        () -> fx.evaluations(globex).evaluate("credit", "1", suite()));
    assertTrue(v.getMessage().contains("'1'") && v.getMessage().contains("'credit'"), v.getMessage());
    Principal nobody = new Principal("nobody", "acme", Set.of());
    assertThrows(AccessDeniedException.class, () -> fx.evaluations(nobody).evaluate("credit", "1", suite()));
    assertThrows(AccessDeniedException.class, () -> fx.evaluations(nobody).get(r.id()));
  }

  @Test
  void restrictedTestDataNeedsOneOfItsRoles() {
    DataSource restricted = new DataSource("hand", DataFormat.CSV, "hand.csv", HAND.schema(), null,
        List.of(Roles.DATA_SCIENTIST), null);
    EvaluationSuite s = EvaluationSuite.builder("restricted", List.of(restricted)).positiveClass("bad").build();
    AccessDeniedException e = assertThrows(AccessDeniedException.class,
        () -> fx.evaluations(BOB).evaluate("credit", "1", s));
    assertTrue(e.getMessage().contains("data_scientist"), e.getMessage());
    assertNotNull(fx.evaluations(Principal.of("dana", "acme", Roles.DATA_SCIENTIST)).evaluate("credit", "1", s));
  }

  @Test
  void writeHtmlReplacesTheFileWholeAndNamesAMissingReport() throws Exception {
    EvaluationReport r = fx.evaluations(BOB).evaluate("credit", "1", suite());
    Path file = home.resolve("reports/q1/credit.html");
    assertEquals(file.toAbsolutePath(), fx.evaluations(BOB).writeHtml(r.id(), file));
    String html = Files.readString(file);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("id=\"roc-curve\""));
    try (var left = Files.list(file.getParent())) {
      assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
    }
    NotFoundException e = assertThrows(NotFoundException.class,
        () -> fx.evaluations(BOB).writeHtml("eval-missing", file));
    assertTrue(e.getMessage().contains("eval-missing"), e.getMessage());
    assertFalse(Files.readString(file).isEmpty(), "a failed write leaves the earlier report in place");
  }
}
