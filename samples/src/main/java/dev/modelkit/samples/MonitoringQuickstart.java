package dev.modelkit.samples;

import dev.modelkit.Monitoring;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.monitoring.MonitoringEngine;
import dev.modelkit.core.monitoring.MonitoringEnvironment;
import dev.modelkit.core.monitoring.MonitoringSettings;
import dev.modelkit.core.store.SqliteMetadataStore;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.monitoring.AlertRule;
import dev.modelkit.monitoring.CostMatrix;
import dev.modelkit.monitoring.DriftFinding;
import dev.modelkit.monitoring.DriftReport;
import dev.modelkit.monitoring.ModelPerformance;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.PredictionRecorder;
import dev.modelkit.monitoring.ReferenceData;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Monitoring on real data: the Lending Club loans (data/credit/lending_club.csv) are scored by a
 * fixed logistic model and replayed through ModelKit's monitoring, 500 loans a minute, first as
 * they are and then with every applicant's {@code annual_inc} raised by 30%. Outcomes (the loans'
 * true classes) arrive two minutes late and are joined by prediction id. It prints the drift
 * report of the shifted period, the alerts the rules raised, and the performance metrics.
 *
 * <p>Run from the repository root: {@code mvn -q -o -pl samples,benchmarks -am package -DskipTests
 * && java -Dmodelkit.data=data -cp benchmarks/target/benchmarks.jar:samples/target/classes
 * dev.modelkit.samples.MonitoringQuickstart} (the benchmarks jar carries every dependency), or
 * call {@link #run} from another sample.
 */
public final class MonitoringQuickstart {
  private static final int PER_MINUTE = 500;

  private MonitoringQuickstart() {}

  /**
   * @param args ignored
   * @throws IOException if the data or the temporary home cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Path home = Files.createTempDirectory("modelkit-monitoring-quickstart");
    run(home, Path.of(System.getProperty("modelkit.data", "data")), System.out);
  }

  /**
   * @param home an empty directory for the metadata store and join buffers
   * @param data the data directory (holding {@code credit/lending_club.csv})
   * @param out where to print
   * @return the alerts raised
   * @throws IOException if the data cannot be read
   */
  public static List<Alert> run(Path home, Path data, PrintStream out) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    load(data.resolve("credit").resolve("lending_club.csv"), rows, classes);
    SteppingClock clock = new SteppingClock(Instant.parse("2024-03-01T09:00:00Z"));
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    ConfigCodec codec = new ConfigCodec();
    try (SqliteMetadataStore store = SqliteMetadataStore.open(home, clock);
        MonitoringEngine engine = new MonitoringEngine(new MonitoringEnvironment(store, codec, clock, home,
            alerts::add), MonitoringSettings.defaults().withJoinHorizon(4096))) {
      Monitoring monitoring = engine.monitoring(StandaloneContext.builder(
          Principal.of("risk-ops", "acme-bank", Roles.ML_ENGINEER)).metadata(store).json(codec).clock(clock).build());

      // the reference: the model's training data, its outputs on it and its validation accuracy
      List<String> predictions = new ArrayList<>();
      double[] scores = new double[rows.size()];
      long correct = 0;
      for (int i = 0; i < rows.size(); i++) {
        scores[i] = score(rows.get(i));
        predictions.add(decide(scores[i]));
        correct += predictions.get(i).equals(classes.get(i)) ? 1 : 0;
      }
      double accuracy = (double) correct / rows.size();
      monitoring.registerReference("credit-risk", "v3", ReferenceData.builder().rows(rows).predictions(predictions)
          .probabilities(scores).validation("accuracy", accuracy, rows.size()).positiveLabel("bad").build());
      monitoring.addAlertRule("credit-risk", new AlertRule("income_shift", "psi(annual_inc) > 0.2", Duration.ZERO,
          Duration.ofMinutes(30), List.of("alert", "retrain")));
      monitoring.addAlertRule("credit-risk", new AlertRule("slow", "latency_p99 > 200ms", Duration.ofMinutes(2),
          Duration.ofMinutes(10), List.of("alert")));
      monitoring.addAlertRule("credit-risk", AlertRule.of("errors", "error_rate > 0.05", "alert", "rollback"));
      monitoring.registerBusinessMetric("credit-risk", "misclassification_cost",
          new CostMatrix(Map.of("bad", Map.of("good", 5.0), "good", Map.of("bad", 1.0)), true));

      PredictionRecorder recorder = monitoring.recorder("credit-risk", "v3");
      SplittableRandom random = new SplittableRandom(42);
      int unshifted = 10 * PER_MINUTE;
      int shifted = 10 * PER_MINUTE;
      Instant start = clock.instant();
      Instant shiftAt = start.plus(Duration.ofMinutes(10));
      List<long[]> pending = new ArrayList<>();
      for (int i = 0; i < unshifted + shifted; i++) {
        int r = random.nextInt(rows.size());
        Map<String, Object> row = rows.get(r);
        if (i >= unshifted) {
          row = new LinkedHashMap<>(row);
          row.put("annual_inc", ((Number) row.get("annual_inc")).doubleValue() * 1.3);
        }
        double p = score(row);
        long latency = 3_000_000L + random.nextInt(4_000_000);
        long id = recorder.record(row, decide(p), p, latency, false);
        pending.add(new long[] {id, r, clock.millis()});
        // outcomes arrive two minutes after the decision
        while (!pending.isEmpty() && clock.millis() - pending.get(0)[2] >= 120_000) {
          long[] done = pending.remove(0);
          monitoring.recordOutcome(done[0], classes.get((int) done[1]), Double.NaN);
        }
        clock.advance(Duration.ofMillis(60_000 / PER_MINUTE));
        engine.tick();
      }
      clock.advance(Duration.ofMinutes(1));
      engine.tick();

      Period before = new Period(start, shiftAt);
      Period after = new Period(shiftAt, clock.instant());
      out.printf(Locale.ROOT, "Replayed %,d Lending Club loans at %d a minute; annual_inc x1.3 from %s on.%n%n",
          unshifted + shifted, PER_MINUTE, shiftAt);
      print(out, "Before the shift", monitoring.drift("credit-risk", "v3", before));
      print(out, "After the shift", monitoring.drift("credit-risk", "v3", after));
      out.println("Alerts raised:");
      for (Alert a : alerts) {
        out.printf(Locale.ROOT, "  %s  %-14s %-26s value %.3f  actions %s%n", a.raisedAt(), a.name(), a.condition(),
            a.value(), a.actions());
      }
      if (alerts.isEmpty()) {
        out.println("  none");
      }
      ModelPerformance perf = monitoring.performance("credit-risk", new Period(start, clock.instant()));
      out.printf(Locale.ROOT, "%nPerformance over the replay: %,d predictions, %,d outcomes joined, accuracy %.3f "
              + "(validation %.3f), recall of 'bad' %.3f, latency p50 %.1f ms p99 %.1f ms, cost per decision %.3f%n",
          perf.metrics().predictions(), perf.metrics().labelled(), perf.metrics().accuracy(), accuracy,
          perf.metrics().recall(), perf.metrics().latency().p50(), perf.metrics().latency().p99(),
          perf.metrics().businessMetrics().values().get("misclassification_cost"));
    }
    return alerts;
  }

  private static void print(PrintStream out, String title, DriftReport r) {
    out.printf(Locale.ROOT, "%s (%,d predictions against %,d reference rows): drift share %.2f, dataset drift %s%n",
        title, r.currentRows(), r.referenceRows(), r.driftShare(), r.datasetDrift());
    for (DriftFinding f : r.all()) {
      if (f.drifted() || f.feature().equals("annual_inc") || !f.kind().equals("data")) {
        out.printf(Locale.ROOT, "  %-11s %-14s %-15s %8.4f  p %-9.3g %s%n", f.kind(), f.feature(), f.method(),
            f.statistic(), f.adjustedPValue() == f.adjustedPValue() ? f.adjustedPValue() : f.pValue(),
            f.drifted() ? "DRIFT" : "ok");
      }
    }
    out.println();
  }

  /** A fixed logistic score of default risk, standing in for a trained model. */
  static double score(Map<String, ?> row) {
    double rate = ((Number) row.get("int_rate")).doubleValue();
    double income = ((Number) row.get("annual_inc")).doubleValue();
    double enquiries = ((Number) row.get("inq_last_6mths")).doubleValue();
    return 1 / (1 + Math.exp(-(-5.2 + 0.17 * rate - 0.000004 * income + 0.25 * enquiries)));
  }

  static String decide(double probability) {
    return probability >= 0.1 ? "bad" : "good";
  }

  private static void load(Path csv, List<Map<String, Object>> rows, List<String> classes) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    String[] header = lines.get(0).replace("\"", "").split(",");
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",", -1);
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < header.length; c++) {
        String cell = cells[c];
        Object value = cell.startsWith("\"") ? cell.substring(1, cell.length() - 1) : (Object) Double.valueOf(cell);
        if (header[c].equals("Class")) {
          classes.add((String) value);
        } else {
          row.put(header[c], value);
        }
      }
      rows.add(row);
    }
  }

  /** A clock the replay moves forward, so that an hour of traffic replays in seconds. */
  private static final class SteppingClock extends Clock {
    private volatile Instant now;

    SteppingClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
