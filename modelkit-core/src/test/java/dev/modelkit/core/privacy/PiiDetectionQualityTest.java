package dev.modelkit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.privacy.PiiType;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the e-mail and phone detectors on 180 real lines of the SpamAssassin
 * corpus labelled by hand ({@code src/test/resources/pii/README.md} says how the sample was drawn
 * and labelled). A detected span counts as correct when it overlaps a labelled span of the same
 * type (each labelled span matched once); exact-boundary matches are reported too.
 */
class PiiDetectionQualityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Labelled(String id, String text, List<String[]> spans) {}

  static List<Labelled> sample() throws Exception {
    return sample("/pii/spamassassin-sample.jsonl");
  }

  static List<Labelled> sample(String resource) throws Exception {
    List<Labelled> out = new ArrayList<>();
    try (InputStream in = PiiDetectionQualityTest.class.getResourceAsStream(resource)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        List<String[]> spans = new ArrayList<>();
        n.get("pii").forEach(p -> spans.add(new String[] {p.get("type").asText(), p.get("text").asText()}));
        out.add(new Labelled(n.get("id").asText(), n.get("text").asText(), spans));
      }
    }
    return out;
  }

  @Test
  void everySampleLineIsRealTextFromTheCorpus() throws Exception {
    Map<String, String> messages = new HashMap<>();
    Path corpus = Path.of(System.getProperty("modelkit.data"), "text", "spamassassin.jsonl.gz");
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(corpus)),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode n = JSON.readTree(line);
        messages.put(n.get("id").asText(), n.get("text").asText());
      }
    }
    List<Labelled> sample = new ArrayList<>(sample());
    assertEquals(180, sample.size());
    sample.addAll(sample("/pii/spamassassin-heldout.jsonl"));
    for (Labelled l : sample) {
      assertTrue(messages.get(l.id()).contains(l.text()), l.id() + " does not contain: " + l.text());
      for (String[] s : l.spans()) {
        assertTrue(l.text().contains(s[1]), s[1]);
      }
    }
  }

  @Test
  void precisionAndRecallOnTheHandLabelledSample() throws Exception {
    Map<String, int[]> counts = score(sample(), "development sample (180 lines)");
    int tp = counts.values().stream().mapToInt(c -> c[0]).sum();
    int fp = counts.values().stream().mapToInt(c -> c[1]).sum();
    int fn = counts.values().stream().mapToInt(c -> c[2]).sum();
    assertEquals(120, tp + fn, "the sample holds 120 labelled spans");
    assertTrue(precision(tp, fp) >= 0.95 && recall(tp, fn) >= 0.95, tp + " " + fp + " " + fn);
    int[] phone = counts.get("phone");
    assertTrue(precision(phone[0], phone[1]) >= 0.9 && recall(phone[0], phone[2]) >= 0.9);
  }

  @Test
  void precisionAndRecallOnTheHeldOutSample() throws Exception {
    Map<String, int[]> counts = score(sample("/pii/spamassassin-heldout.jsonl"), "held-out sample (50 lines)");
    int[] phone = counts.get("phone");
    assertEquals(30, phone[0] + phone[2], "the held-out sample holds 30 phone numbers");
    assertTrue(precision(phone[0], phone[1]) >= 0.9, "phone precision " + phone[0] + "/" + (phone[0] + phone[1]));
    assertTrue(recall(phone[0], phone[2]) >= 0.85, "phone recall " + phone[0] + "/" + (phone[0] + phone[2]));
  }

  private static Map<String, int[]> score(List<Labelled> sample, String title) {
    PiiScanner scanner = new PiiScanner(List.of());
    Map<String, int[]> counts = new HashMap<>(); // type -> {tp, fp, fn, exact}
    List<String> misses = new ArrayList<>();
    for (Labelled l : sample) {
      List<PiiSpan> found = scanner.find(l.text());
      boolean[] matched = new boolean[l.spans().size()];
      for (PiiSpan f : found) {
        String type = f.type().wireName();
        int[] c = counts.computeIfAbsent(type, k -> new int[4]);
        boolean hit = false;
        for (int i = 0; i < l.spans().size(); i++) {
          String[] s = l.spans().get(i);
          int start = l.text().indexOf(s[1]);
          while (start >= 0 && !hit) {
            int end = start + s[1].length();
            if (!matched[i] && s[0].equals(type) && f.start() < end && start < f.end()) {
              matched[i] = true;
              hit = true;
              if (f.start() == start && f.end() == end) {
                c[3]++;
              }
            }
            start = l.text().indexOf(s[1], start + 1);
          }
          if (hit) {
            break;
          }
        }
        if (hit) {
          c[0]++;
        } else {
          c[1]++;
          misses.add("false " + type + ": '" + f.in(l.text()) + "' in " + l.id() + ": " + l.text());
        }
      }
      for (int i = 0; i < matched.length; i++) {
        if (!matched[i]) {
          counts.computeIfAbsent(l.spans().get(i)[0], k -> new int[4])[2]++;
          misses.add("missed " + l.spans().get(i)[0] + ": '" + l.spans().get(i)[1] + "' in " + l.id());
        }
      }
    }
    StringBuilder table = new StringBuilder(title + "\ntype | labelled | found | correct | exact | precision | recall\n");
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (String type : List.of(PiiType.EMAIL.wireName(), PiiType.PHONE.wireName())) {
      int[] c = counts.getOrDefault(type, new int[4]);
      tp += c[0];
      fp += c[1];
      fn += c[2];
      table.append(String.format(Locale.ROOT, "%s | %d | %d | %d | %d | %.3f | %.3f%n", type, c[0] + c[2], c[0] + c[1],
          c[0], c[3], precision(c[0], c[1]), recall(c[0], c[2])));
    }
    table.append(String.format(Locale.ROOT, "all | %d | %d | %d | - | %.3f | %.3f%n", tp + fn, tp + fp, tp,
        precision(tp, fp), recall(tp, fn)));
    System.out.println(table);
    misses.forEach(System.out::println);
    return counts;
  }

  private static double precision(int tp, int fp) {
    return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
  }

  private static double recall(int tp, int fn) {
    return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
  }
}
