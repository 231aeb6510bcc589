package dev.modelkit.training.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.ModelKit;
import dev.modelkit.evaluation.EvaluationDetails.BacktestSlice;
import dev.modelkit.evaluation.EvaluationReport;
import dev.modelkit.evaluation.EvaluationSuite;
import dev.modelkit.evaluation.EvaluationType;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import dev.modelkit.training.AdvancedTrainingConfig;
import dev.modelkit.training.BaseModels;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DataType;
import dev.modelkit.training.DatasetConfiguration;
import dev.modelkit.training.EarlyStoppingConfig;
import dev.modelkit.training.JobState;
import dev.modelkit.training.MetricConfig;
import dev.modelkit.training.ObjectiveType;
import dev.modelkit.training.PreprocessingConfig;
import dev.modelkit.training.RegularizationConfig;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import dev.modelkit.training.TrainingObjective;
import dev.modelkit.training.ValidationConfiguration;
import dev.modelkit.training.ValidationStrategy;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation suite's backtest on real dated data: a spam filter trained from scratch on the
 * older half of the SpamAssassin corpus (by time of receipt) and evaluated on the newer half with
 * {@code timeField("received")}. Slice boundaries, row counts, accuracy and ROC AUC are all
 * recomputed here from this test's own sort of the rows and its own predictions.
 *
 * <p>How {@code received} is derived (the corpus has no date field):
 *
 * <ol>
 *   <li>the time on the mbox {@code From } line ({@code From a@b  Thu Aug 22 12:36:23 2002}), the
 *       moment the collector's mailbox received the message, on its clock (the line records no
 *       zone; the {@code Received:} headers show Irish time, within an hour of UTC);
 *   <li>for a message without that line (575 of 6,046), its {@code Date:} header converted to UTC:
 *       the sender's clock, which can be wrong, so a date outside the period of the {@code From }
 *       lines is not trusted;
 *   <li>a message with neither, with a {@code Date:} header without a zone, or with an untrusted
 *       date is dropped and counted.
 * </ol>
 *
 * <p>{@code received} is written as an ISO-8601 date-time without offset ({@code
 * 2002-08-22T12:36:23}). The two clocks differ by at most an hour or two plus delivery time, small
 * against a test period of three months.
 */
class SpamBacktestTest {
  private static final Path DATA = Path.of(System.getProperty("modelkit.data", "../data"));
  private static final double E = 1e-9;
  private static final Pattern FROM_LINE = Pattern.compile(
      "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) +(\\d{1,2}) (\\d{2}:\\d{2}:\\d{2}) (\\d{4})\\s*$");
  private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy", Locale.ENGLISH);
  private static final Pattern DATE_HEADER = Pattern.compile("^Date:[ \\t]*(.*)$",
      Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
  private static final Pattern RFC_DATE = Pattern.compile("(\\d{1,2})\\s+([A-Za-z]{3})\\s+(\\d{2,4})\\s+"
      + "(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([+-]\\d{4}|UT|GMT|Z|[ECMP][SD]T)\\b");
  private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
      "oct", "nov", "dec");
  /** The zone names RFC 5322 still accepts, as minutes from UTC. */
  private static final Map<String, Integer> US_ZONES = Map.of("EST", -300, "EDT", -240, "CST", -360, "CDT", -300,
      "MST", -420, "MDT", -360, "PST", -480, "PDT", -420);

  @TempDir static Path work;
  private static ModelKit kit;
  private static CustomModelTrainingService dana;
  private static EvaluationReport report;
  private static List<Email> testRows;
  private static int corpusSize;
  private static int dropped;

  /** One derived row. */
  record Email(String id, LocalDateTime received, String label, String text) {
    String receivedIso() {
      return received.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }
  }

  @BeforeAll
  static void trainOnTheOlderHalfAndBacktestOnTheNewer() throws Exception {
    List<Email> all = derive();
    all.sort(Comparator.comparing(Email::received).thenComparing(Email::id));
    // the split is moved past any run of equal times, so no timestamp is both trained and tested on
    int split = all.size() / 2;
    while (split < all.size() && all.get(split).received().equals(all.get(split - 1).received())) {
      split++;
    }
    testRows = all.subList(split, all.size());
    Path root = work.resolve("data");
    Files.createDirectories(root);
    write(root.resolve("older.jsonl"), all.subList(0, split));
    write(root.resolve("newer.jsonl"), testRows);

    kit = ModelKit.builder().home(work.resolve("home")).dataRoot(root).build();
    dana = kit.service(Principal.of("dana", "acme", Roles.DATA_SCIENTIST));
    TrainingJob job = dana.jobs().create(spamFilter(source("older", "older.jsonl", List.of("text"))));
    dana.jobs().start(job.id());
    TrainingJob done = dana.jobs().await(job.id(), Duration.ofMinutes(5));
    assertEquals(JobState.SUCCEEDED, done.state(), () -> "reason: " + done.reason());
    EvaluationSuite suite = EvaluationSuite.builder("Spam filter over time",
        List.of(source("newer", "newer.jsonl", List.of("text", "received")))).positiveClass("spam")
        .evaluations(EvaluationType.ACCURACY, EvaluationType.BACKTEST).timeField("received").seed(2026).build();
    report = kit.service(Principal.of("bob", "acme", Roles.BUSINESS_USER)).evaluations()
        .evaluate(done.modelId(), done.modelVersion(), suite);
  }

  @AfterAll
  static void close() {
    if (kit != null) {
      kit.close();
    }
  }

  @Test
  void almostEveryEmailGetsADate() {
    System.out.printf(Locale.ROOT, "SpamAssassin dates: %d of %d e-mails dropped (no usable date); %d tested, "
        + "received %s to %s%n", dropped, corpusSize, testRows.size(), testRows.get(0).receivedIso(),
        testRows.get(testRows.size() - 1).receivedIso());
    assertEquals(6046, corpusSize);
    assertTrue(dropped < corpusSize / 100, "under 1% of the corpus has no usable date: " + dropped);
  }

  @Test
  void fiveSlicesCoverTheTestRowsInTimeOrderWithoutOverlap() {
    List<BacktestSlice> slices = report.details().backtest();
    assertEquals(testRows.size(), report.details().data().scoredRows(), "every test row is scored");
    assertEquals(5, slices.size());
    int longestTie = longestRunOfEqualTimes();
    int at = 0;
    for (BacktestSlice s : slices) {
      int end = at + (int) s.rows();
      assertEquals(testRows.get(at).receivedIso(), s.from(), "slice " + s.slice() + " starts at row " + at);
      assertEquals(testRows.get(end - 1).receivedIso(), s.to(), "slice " + s.slice() + " ends at row " + (end - 1));
      if (end < testRows.size()) {
        assertTrue(testRows.get(end - 1).received().isBefore(testRows.get(end).received()),
            "slice " + s.slice() + " ends strictly before the next begins");
      }
      assertTrue(Math.abs(s.rows() - testRows.size() / 5.0) <= longestTie + 1, "about a fifth of the rows: " + s);
      at = end;
    }
    assertEquals(testRows.size(), at, "the slices together hold every test row once");
  }

  @Test
  void eachSlicesFiguresMatchThisTestsOwnPredictions() {
    List<BacktestSlice> slices = report.details().backtest();
    StringBuilder table = new StringBuilder("Backtest of the spam filter (trained on e-mails received before "
        + testRows.get(0).receivedIso() + "):\n  slice  from                 to                    rows  spam  "
        + "flagged  accuracy  ROC AUC   spam F1\n");
    List<Double> accuracies = new ArrayList<>();
    int at = 0;
    try (Predictor p = dana.models().predictor(report.modelId(), report.version())) {
      for (BacktestSlice s : slices) {
        List<Email> rows = testRows.subList(at, at + (int) s.rows());
        at += rows.size();
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (Email e : rows) {
          Map<String, Object> in = new LinkedHashMap<>();
          in.put("text", e.text());
          inputs.add(in);
        }
        List<Prediction> predicted = p.predictBatch(inputs);
        long correct = 0;
        long spam = 0;
        long tp = 0;
        long flagged = 0;
        for (int i = 0; i < rows.size(); i++) {
          boolean isSpam = rows.get(i).label().equals("spam");
          boolean saysSpam = predicted.get(i).label().equals("spam");
          correct += rows.get(i).label().equals(predicted.get(i).label()) ? 1 : 0;
          spam += isSpam ? 1 : 0;
          flagged += saysSpam ? 1 : 0;
          tp += isSpam && saysSpam ? 1 : 0;
        }
        double accuracy = correct / (double) rows.size();
        assertEquals(rows.size(), s.metrics().get("rows"), "rows of slice " + s.slice());
        assertEquals(accuracy, s.metrics().get("accuracy"), E, "accuracy of slice " + s.slice());
        Double auc = pairwiseAuc(rows, predicted);
        if (auc == null) {
          assertNull(s.metrics().get("roc_auc"), "slice " + s.slice() + " holds one class, so no ROC AUC");
        } else {
          assertEquals(auc, s.metrics().get("roc_auc"), E, "ROC AUC of slice " + s.slice());
        }
        double f1 = tp == 0 ? 0 : 2.0 * tp / (spam + flagged);
        assertEquals(f1, s.metrics().get("f1_score"), E, "spam F1 of slice " + s.slice());
        accuracies.add(accuracy);
        table.append(String.format(Locale.ROOT, "  %5d  %s  %s  %5d %5d  %7d  %8.4f  %7s  %7.4f%n", s.slice(),
            s.from(), s.to(), rows.size(), spam, flagged, accuracy, auc == null ? "n/a" : String.format(Locale.ROOT, "%.4f", auc), f1));
      }
    }
    double first = accuracies.get(0);
    double last = accuracies.get(accuracies.size() - 1);
    table.append(String.format(Locale.ROOT, "  accuracy from the oldest to the newest slice: %.4f -> %.4f (%s)%n",
        first, last, last < first ? "drift: the newest e-mails are classified worse" : "no decay from first to last"));
    System.out.print(table);
  }

  /** ROC AUC as the share of (spam, ham) pairs the model orders right, ties counting half; null without both. */
  private static Double pairwiseAuc(List<Email> rows, List<Prediction> predicted) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (!rows.get(i).label().equals("spam")) {
        continue;
      }
      double spamScore = predicted.get(i).probability("spam");
      for (int j = 0; j < rows.size(); j++) {
        if (rows.get(j).label().equals("spam")) {
          continue;
        }
        double hamScore = predicted.get(j).probability("spam");
        wins += spamScore > hamScore ? 1 : spamScore == hamScore ? 0.5 : 0;
        pairs++;
      }
    }
    return pairs == 0 ? null : wins / pairs;
  }

  private static int longestRunOfEqualTimes() {
    int longest = 1;
    int run = 1;
    for (int i = 1; i < testRows.size(); i++) {
      run = testRows.get(i).received().equals(testRows.get(i - 1).received()) ? run + 1 : 1;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  /** Reads the corpus and dates every e-mail by the rule in the class comment. */
  private static List<Email> derive() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> noFromLine = new ArrayList<>();
    List<Email> dated = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(DATA.resolve("text/spamassassin.jsonl.gz"))), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode e = json.readTree(line);
        corpusSize++;
        String text = e.get("text").asText();
        String first = text.lines().findFirst().orElse("");
        Matcher m = FROM_LINE.matcher(first);
        if (first.startsWith("From ") && m.find()) {
          LocalDateTime t = LocalDateTime.parse(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4),
              CTIME);
          dated.add(new Email(e.get("id").asText(), t, e.get("label").asText(), text));
        } else {
          noFromLine.add(e);
        }
      }
    }
    LocalDateTime earliest = dated.stream().map(Email::received).min(Comparator.naturalOrder()).orElseThrow();
    LocalDateTime latest = dated.stream().map(Email::received).max(Comparator.naturalOrder()).orElseThrow();
    for (JsonNode e : noFromLine) {
      String text = e.get("text").asText();
      int headEnd = text.indexOf("\n\n");
      LocalDateTime t = dateHeader(headEnd < 0 ? text : text.substring(0, headEnd));
      if (t == null || t.isBefore(earliest) || t.isAfter(latest)) {
        dropped++;
      } else {
        dated.add(new Email(e.get("id").asText(), t, e.get("label").asText(), text));
      }
    }
    return dated;
  }

  /** The first {@code Date:} header in UTC, or null without one that names its zone. */
  static LocalDateTime dateHeader(String head) {
    Matcher h = DATE_HEADER.matcher(head);
    if (!h.find()) {
      return null;
    }
    Matcher d = RFC_DATE.matcher(h.group(1));
    int month = d.find() ? MONTHS.indexOf(d.group(2).toLowerCase(Locale.ROOT)) + 1 : 0;
    if (month == 0) {
      return null;
    }
    int year = Integer.parseInt(d.group(3));
    // RFC 5322's obsolete years: two digits are 19xx from 50 on, three digits count from 1900
    year = year >= 1000 ? year : year < 50 ? 2000 + year : 1900 + year;
    LocalDateTime local = LocalDateTime.of(year, month, Integer.parseInt(d.group(1)), Integer.parseInt(d.group(4)),
        Integer.parseInt(d.group(5)), d.group(6) == null ? 0 : Integer.parseInt(d.group(6)));
    return local.minusMinutes(offsetMinutes(d.group(7)));
  }

  private static int offsetMinutes(String zone) {
    if (zone.startsWith("+") || zone.startsWith("-")) {
      int minutes = Integer.parseInt(zone.substring(1, 3)) * 60 + Integer.parseInt(zone.substring(3, 5));
      return zone.startsWith("-") ? -minutes : minutes;
    }
    return US_ZONES.getOrDefault(zone, 0); // UT, GMT and Z are UTC
  }

  private static void write(Path file, List<Email> rows) throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Email e : rows) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", e.id());
        row.put("received", e.receivedIso());
        row.put("label", e.label());
        row.put("text", e.text());
        out.write(json.writeValueAsString(row));
        out.newLine();
      }
    }
  }

  private static DataSource source(String id, String file, List<String> inputs) {
    Map<String, DataType> types = inputs.contains("received")
        ? Map.of("text", DataType.TEXT, "received", DataType.DATETIME) : Map.of("text", DataType.TEXT);
    return new DataSource(id, DataFormat.JSONL, file, new DataSchema(inputs, List.of("label"), types), null, null,
        null);
  }

  /** SpamAssassinTest's from-scratch filter (TF-IDF of 2,000 words under 32 hidden units), fewer epochs. */
  private static TrainingConfiguration spamFilter(DataSource older) {
    return TrainingConfiguration.builder().organizationId("acme").modelName("Spam filter over time")
        .baseModel(BaseModels.CUSTOM)
        .trainingObjective(new TrainingObjective(ObjectiveType.RISK_CLASSIFICATION, "email", List.of("spam_detection"),
            List.of("f1_score"), null, "spam", null, false, null))
        .datasetConfig(new DatasetConfiguration(List.of(older), null, null,
            new PreprocessingConfig(null, true, false, null, null, null, 2000, 400), null))
        .hyperparameters(Configs.germanHyperparameters().hiddenUnits(List.of(32)).learningRate(0.003).batchSize(64)
            .epochs(12).weightDecay(0.01).build())
        .advancedConfig(new AdvancedTrainingConfig(null, null, null, new RegularizationConfig(0, 0), null, null))
        .validationConfig(new ValidationConfiguration(ValidationStrategy.HOLDOUT, 0.2, 1,
            new EarlyStoppingConfig(true, 3, "log_loss", 0, null), new MetricConfig("f1_score", List.of("roc_auc"),
                List.of()), null, null, null))
        .build();
  }
}
