package dev.modelkit.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.TrainingException;
import dev.modelkit.config.Violation;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.DatasetRows;
import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DataType;
import dev.modelkit.training.InvalidRowPolicy;
import dev.modelkit.training.TrainingConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small but real training engine for core tests: reads ARFF, CSV and JSON Lines, trains a
 * decision stump on the first numeric input (threshold at the median, majority class on each
 * side), reports its training accuracy, stores it as an artifact and serves it. Counts calls so
 * tests can prove which stages ran.
 */
public final class StumpEngine implements TrainingEngine {
  /** readDataset calls since the last reset. */
  public static final AtomicInteger READS = new AtomicInteger();
  /** train calls since the last reset. */
  public static final AtomicInteger TRAINS = new AtomicInteger();
  /** Trains left to fail on purpose. */
  public static final AtomicInteger FAIL_NEXT_TRAINS = new AtomicInteger();
  /** Milliseconds each train call takes, checking for cancellation meanwhile. */
  public static final AtomicInteger TRAIN_MILLIS = new AtomicInteger();
  /** The rows each train call read. */
  public static final List<DatasetRows> TRAINED_ON = new CopyOnWriteArrayList<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Clears the counters. */
  public static void reset() {
    READS.set(0);
    TRAINS.set(0);
    FAIL_NEXT_TRAINS.set(0);
    TRAIN_MILLIS.set(0);
    TRAINED_ON.clear();
  }

  @Override
  public String name() {
    return "stump";
  }

  @Override
  public List<Violation> validate(TrainingConfiguration config) {
    return List.of();
  }

  @Override
  public DatasetRows readDataset(List<DataSource> sources, Path dataRoot, InvalidRowPolicy policy, Clock clock) {
    READS.incrementAndGet();
    return read(sources, dataRoot);
  }

  private static DatasetRows read(List<DataSource> sources, Path dataRoot) {
    DataSource first = sources.get(0);
    List<String> columns = new ArrayList<>(first.schema().inputFields());
    columns.addAll(first.schema().outputFields());
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, DataType> types = new LinkedHashMap<>();
    Map<String, String> fingerprints = new LinkedHashMap<>();
    for (DataSource s : sources) {
      Path file = Path.of(s.source()).isAbsolute() ? Path.of(s.source()) : dataRoot.resolve(s.source());
      try {
        byte[] bytes = Files.readAllBytes(file);
        fingerprints.put(s.id(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<Map<String, Object>> raw = s.type() == DataFormat.ARFF ? arff(text)
            : s.type() == DataFormat.CSV ? csv(text) : jsonl(text);
        for (Map<String, Object> r : raw) {
          Map<String, Object> row = new HashMap<>();
          for (String c : columns) {
            if (!r.containsKey(c)) {
              throw new TrainingException(file + " has no column '" + c + "'");
            }
            row.put(c, r.get(c));
          }
          rows.add(row);
        }
      } catch (IOException | java.security.NoSuchAlgorithmException e) {
        throw new TrainingException("cannot read " + file + ": " + e, e);
      }
    }
    for (String c : columns) {
      boolean numeric = rows.stream().allMatch(r -> r.get(c) == null || r.get(c) instanceof Double);
      types.put(c, numeric ? DataType.NUMERIC : DataType.CATEGORICAL);
    }
    return new DatasetRows(columns, types, rows, fingerprints, 0, List.of(), 0);
  }

  private static List<Map<String, Object>> arff(String text) {
    List<String> names = new ArrayList<>();
    List<Boolean> numeric = new ArrayList<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    boolean data = false;
    for (String line : text.split("\n")) {
      String l = line.trim();
      if (l.isEmpty() || l.startsWith("%")) {
        continue;
      }
      if (!data && l.toLowerCase().startsWith("@attribute")) {
        String rest = l.substring(10).trim();
        String name = rest.startsWith("'") ? rest.substring(1, rest.indexOf('\'', 1)) : rest.split("\\s+")[0];
        names.add(name);
        numeric.add(rest.toLowerCase().matches(".*\\s(numeric|real|integer)$"));
      } else if (l.toLowerCase().startsWith("@data")) {
        data = true;
      } else if (data) {
        List<String> cells = splitQuoted(l);
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
          String v = cells.get(i);
          row.put(names.get(i), v.equals("?") ? null : numeric.get(i) ? (Object) Double.parseDouble(v) : v);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<String> splitQuoted(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char ch : line.toCharArray()) {
      if (ch == '\'') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        out.add(cur.toString().trim());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString().trim());
    return out;
  }

  private static List<Map<String, Object>> csv(String text) {
    String[] lines = text.split("\n");
    String[] header = lines[0].trim().split(",");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] cells = lines[i].trim().split(",", -1);
      Map<String, Object> row = new HashMap<>();
      for (int j = 0; j < header.length; j++) {
        String v = cells[j];
        Object value = v.isEmpty() ? null : v;
        try {
          value = v.isEmpty() ? null : Double.parseDouble(v);
        } catch (NumberFormatException text1) {
          // a text cell
        }
        row.put(header[j], value);
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<Map<String, Object>> jsonl(String text) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = JSON.readTree(line);
      Map<String, Object> row = new HashMap<>();
      n.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().isNull() ? null
          : e.getValue().isNumber() ? (Object) e.getValue().doubleValue() : e.getValue().asText()));
      rows.add(row);
    }
    return rows;
  }

  @Override
  public TrainingResult train(TrainingContext ctx) throws Exception {
    TRAINS.incrementAndGet();
    if (FAIL_NEXT_TRAINS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("injected training failure");
    }
    long until = System.nanoTime() + TRAIN_MILLIS.get() * 1_000_000L;
    while (System.nanoTime() < until) {
      if (ctx.cancelled()) {
        throw new InterruptedException("stopped on request");
      }
      Thread.sleep(10);
    }
    List<DataSource> sources = ctx.job().configuration().datasetConfig().trainingData();
    DatasetRows rows = read(sources, ctx.dataRoot());
    TRAINED_ON.add(rows);
    String label = sources.get(0).schema().outputFields().get(0);
    String feature = sources.get(0).schema().inputFields().stream()
        .filter(f -> rows.types().get(f) == DataType.NUMERIC).findFirst().orElse(null);
    Stump stump = Stump.fit(rows, feature, label);
    int correct = 0;
    for (Map<String, Object> r : rows.rows()) {
      if (stump.predict(r).equals(r.get(label))) {
        correct++;
      }
    }
    Map<String, Double> metrics = Map.of("accuracy", (double) correct / rows.size(), "rows", (double) rows.size());
    return new TrainingResult(Map.of("model", ctx.artifacts().put(stump.encode().getBytes(StandardCharsets.UTF_8))),
        metrics, rows.fingerprints(), Map.of("stump", "1"), List.of());
  }

  @Override
  public Predictor load(ModelVersion version, ArtifactStore artifacts) {
    Stump stump = Stump.decode(new String(artifacts.read(version.artifacts().get("model")), StandardCharsets.UTF_8));
    return new Predictor() {
      @Override
      public List<String> inputFields() {
        return stump.feature == null ? List.of() : List.of(stump.feature);
      }

      @Override
      public List<String> labels() {
        return List.of(stump.below, stump.above);
      }

      @Override
      public Prediction predict(Map<String, Object> row) {
        String l = stump.predict(row);
        return Prediction.of(l, Map.of(l, 1.0));
      }

      @Override
      public List<Prediction> predictBatch(List<Map<String, Object>> rows) {
        return rows.stream().map(this::predict).toList();
      }

      @Override
      public void close() {}
    };
  }

  /** Majority class below and above the median of one feature. */
  record Stump(String feature, double threshold, String below, String above) {
    static Stump fit(DatasetRows rows, String feature, String label) {
      List<Double> values = new ArrayList<>();
      for (Map<String, Object> r : rows.rows()) {
        if (feature != null && r.get(feature) instanceof Double d) {
          values.add(d);
        }
      }
      values.sort(Double::compare);
      double t = values.isEmpty() ? 0 : values.get(values.size() / 2);
      Map<String, Integer> lo = new HashMap<>();
      Map<String, Integer> hi = new HashMap<>();
      for (Map<String, Object> r : rows.rows()) {
        Object v = feature == null ? null : r.get(feature);
        String y = String.valueOf(r.get(label));
        (v instanceof Double d && d < t ? lo : hi).merge(y, 1, Integer::sum);
      }
      String all = majority(merge(lo, hi));
      return new Stump(feature, t, lo.isEmpty() ? all : majority(lo), hi.isEmpty() ? all : majority(hi));
    }

    private static Map<String, Integer> merge(Map<String, Integer> a, Map<String, Integer> b) {
      Map<String, Integer> m = new HashMap<>(a);
      b.forEach((k, v) -> m.merge(k, v, Integer::sum));
      return m;
    }

    private static String majority(Map<String, Integer> counts) {
      return counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
          .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElse("?");
    }

    String predict(Map<String, Object> row) {
      Object v = feature == null ? null : row.get(feature);
      return v instanceof Number n && n.doubleValue() < threshold ? below : above;
    }

    String encode() {
      return feature + "\t" + threshold + "\t" + below + "\t" + above;
    }

    static Stump decode(String s) {
      String[] p = s.split("\t");
      return new Stump(p[0].equals("null") ? null : p[0], Double.parseDouble(p[1]), p[2], p[3]);
    }
  }
}
