package dev.modelkit.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelkit.ConfigurationException;
import dev.modelkit.DeploymentException;
import dev.modelkit.deploy.BatchReport;
import dev.modelkit.deployment.internal.ModelEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The {@code batch} target: scores a CSV (with a header row) or JSON Lines file into a JSON Lines
 * file, one output object per input row in input order, and survives being killed: every {@value
 * #COMMIT_EVERY} rows the output is fsynced and a progress file records how many rows and bytes
 * are final, so a rerun truncates any half-written tail and continues after the last committed
 * row. A row whose prediction fails is written with an {@code error} field and counted; it never
 * stops the batch. An interrupted thread stops after the current row, with its progress committed.
 */
public final class BatchScorer {
  /** Rows between durable commits. */
  public static final int COMMIT_EVERY = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BatchScorer.class);

  private BatchScorer() {}

  /**
   * @param model the loaded version
   * @param input a {@code .csv} or {@code .jsonl} file
   * @param output the JSON Lines output; must not exist unless an interrupted run left its
   *     progress file beside it
   * @return what was done
   * @throws ConfigurationException if the input is missing, of an unknown format, or the output
   *     exists without progress
   * @throws DeploymentException if reading or writing fails
   */
  public static BatchReport score(ModelEndpoint model, Path input, Path output) {
    return score(model, input, output, (features, prediction, nanos, error) -> { });
  }

  /** Receives every scored row, for monitoring. */
  @FunctionalInterface
  public interface RowObserver {
    /**
     * @param features the row's features
     * @param prediction the model's output, null when the prediction failed
     * @param nanos how long the prediction took
     * @param error whether it failed
     */
    void scored(Map<String, Object> features, Object prediction, long nanos, boolean error);
  }

  /**
   * Like {@link #score(ModelEndpoint, Path, Path)}, telling {@code observer} about every row it
   * scores (rows an earlier run already committed are not scored again and not observed; rows
   * scored after the last commit of a run that was cut short are scored, and observed, again).
   *
   * @param model the loaded version
   * @param input a {@code .csv} or {@code .jsonl} file
   * @param output the JSON Lines output
   * @param observer told about each scored row; its failures are its own and do not stop the run
   * @return what was done
   * @throws ConfigurationException if the input is missing, of an unknown format, or the output
   *     exists without progress
   * @throws DeploymentException if reading or writing fails
   */
  public static BatchReport score(ModelEndpoint model, Path input, Path output, RowObserver observer) {
    if (!Files.isReadable(input)) {
      throw new ConfigurationException("Batch input " + input + " does not exist or is not readable.", (Throwable) null);
    }
    String name = input.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    boolean csv = name.endsWith(".csv");
    if (!csv && !name.endsWith(".jsonl") && !name.endsWith(".json")) {
      throw new ConfigurationException("Batch input " + input + " must be a .csv file with a header row or a .jsonl file.", (Throwable) null);
    }
    Path progress = output.resolveSibling(output.getFileName() + ".progress");
    long done = 0;
    long offset = 0;
    try {
      if (Files.exists(progress)) {
        String[] p = Files.readString(progress).trim().split(" ");
        done = Long.parseLong(p[0]);
        offset = Long.parseLong(p[1]);
      } else if (Files.exists(output)) {
        throw new ConfigurationException("Batch output " + output + " already exists and no interrupted run left progress "
            + "beside it; delete it or choose another output path.", (Throwable) null);
      }
      try (FileChannel out = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           Reader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
        out.truncate(offset);
        out.position(offset);
        Iterator<Map<String, Object>> rows = csv ? csvRows(reader) : jsonRows(new BufferedReader(reader));
        long row = 0;
        long scored = 0;
        long failed = 0;
        Map<String, String> errors = new LinkedHashMap<>();
        while (rows.hasNext()) {
          if (Thread.currentThread().isInterrupted()) {
            commit(out, progress, row);
            throw new DeploymentException("Batch scoring of " + input + " was stopped after row " + row
                + "; rerun the same call to continue after it.");
          }
          Map<String, Object> features = rows.next();
          row++;
          if (row <= done) {
            continue;
          }
          ObjectNode line = JSON.createObjectNode();
          line.put("row", row);
          long t0 = System.nanoTime();
          Object prediction = null;
          boolean rowFailed = false;
          long nanos;
          try {
            prediction = model.predict(features);
            nanos = System.nanoTime() - t0;
            line.set("output", JSON.valueToTree(prediction));
          } catch (Exception e) {
            nanos = System.nanoTime() - t0;
            prediction = null;
            rowFailed = true;
            failed++;
            line.put("error", String.valueOf(e.getMessage()));
            if (errors.size() < 20) {
              errors.put(Long.toString(row), String.valueOf(e.getMessage()));
            }
          }
          observe(observer, features, prediction, nanos, rowFailed);
          scored++;
          out.write(ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8)));
          if (scored % COMMIT_EVERY == 0) {
            commit(out, progress, row);
          }
        }
        out.force(true);
        Files.deleteIfExists(progress);
        return new BatchReport(input.toString(), output.toString(), scored, done, failed, errors);
      }
    } catch (IOException e) {
      throw new DeploymentException("Batch scoring of " + input + " into " + output + " failed: " + e.getMessage()
          + ". Rerun the same call to continue after the last committed row.", e);
    }
  }

  /** Tells the observer about a row; its failure is logged, never the row's (the output is already decided). */
  private static void observe(RowObserver observer, Map<String, Object> features, Object prediction, long nanos,
      boolean error) {
    try {
      observer.scored(features, prediction, nanos, error);
    } catch (RuntimeException e) {
      LOG.warn("A batch row's observer failed; the row is scored regardless: {}", e.toString());
    }
  }

  private static void commit(FileChannel out, Path progress, long row) throws IOException {
    out.force(true);
    Path tmp = progress.resolveSibling(progress.getFileName() + ".tmp");
    try (FileChannel p = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      p.write(ByteBuffer.wrap((row + " " + out.position()).getBytes(StandardCharsets.US_ASCII)));
      p.force(true);
    }
    Files.move(tmp, progress, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static Iterator<Map<String, Object>> csvRows(Reader reader) throws IOException {
    CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader);
    Iterator<CSVRecord> it = parser.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Map<String, Object> next() {
        CSVRecord r = it.next();
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : r.toMap().entrySet()) {
          m.put(e.getKey(), cell(e.getValue()));
        }
        return m;
      }
    };
  }

  private static Object cell(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return s;
    }
  }

  private static Iterator<Map<String, Object>> jsonRows(BufferedReader reader) {
    Iterator<String> lines = reader.lines().filter(l -> !l.isBlank()).iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return lines.hasNext();
      }

      @Override
      public Map<String, Object> next() {
        String l = lines.next();
        try {
          JsonNode n = JSON.readTree(l);
          Map<String, Object> m = new LinkedHashMap<>();
          n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isNumber() ? e.getValue().doubleValue()
              : e.getValue().isNull() ? null : e.getValue().isBoolean() ? e.getValue().booleanValue() : e.getValue().asText()));
          return m;
        } catch (IOException e) {
          Map<String, Object> bad = new LinkedHashMap<>();
          bad.put("__unparsable_line__", l);
          return bad;
        }
      }
    };
  }
}
