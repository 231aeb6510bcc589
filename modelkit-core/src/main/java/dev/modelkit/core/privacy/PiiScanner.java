package dev.modelkit.core.privacy;

import dev.modelkit.core.privacy.internal.EmailDetector;
import dev.modelkit.core.privacy.internal.NumberDetectors;
import dev.modelkit.core.privacy.internal.PhoneDetector;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.privacy.PiiFinding;
import dev.modelkit.privacy.PiiReport;
import dev.modelkit.privacy.PiiType;
import dev.modelkit.spi.DatasetRows;
import dev.modelkit.spi.PiiDetector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds personal data in text: e-mail addresses, phone numbers, payment card numbers (Luhn-checked)
 * and IBANs (mod-97-checked) with the built-in detectors, then whatever the plugged-in {@link
 * PiiDetector}s find. Overlapping spans keep the most specific: card and IBAN (check digits)
 * before e-mail before phone before plugged-in.
 *
 * <p>Thread-safe; create once and share.
 */
public final class PiiScanner {
  /** The detector name recorded for the built-in detectors. */
  public static final String BUILTIN = "builtin";
  private static final Logger LOG = LoggerFactory.getLogger(PiiScanner.class);
  private static final int MAX_FINDINGS = 1000;

  private final List<PiiDetector> plugged;

  /** @param plugged extra detectors, run after the built-in ones */
  public PiiScanner(List<PiiDetector> plugged) {
    this.plugged = List.copyOf(plugged);
  }

  /**
   * @param loader where to look for {@link PiiDetector} implementations
   * @return a scanner with every detector found; a detector that fails to load is logged and skipped
   */
  public static PiiScanner discover(ClassLoader loader) {
    List<PiiDetector> found = new ArrayList<>();
    ServiceLoader<PiiDetector> sl = ServiceLoader.load(PiiDetector.class, loader);
    var it = sl.iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (java.util.ServiceConfigurationError e) {
        LOG.warn("A PiiDetector could not be loaded and is skipped: {}", e.getMessage());
      }
    }
    return new PiiScanner(found);
  }

  /**
   * @param text a text; null is treated as empty
   * @return the spans found, in text order, not overlapping
   */
  public List<PiiSpan> find(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<PiiSpan> all = new ArrayList<>();
    add(all, NumberDetectors.cards(text), PiiType.PAYMENT_CARD);
    add(all, NumberDetectors.ibans(text), PiiType.IBAN);
    add(all, EmailDetector.find(text), PiiType.EMAIL);
    add(all, PhoneDetector.find(text), PiiType.PHONE);
    for (PiiDetector d : plugged) {
      try {
        for (PiiDetector.Match m : d.find(text)) {
          if (m.end() <= text.length()) {
            all.add(new PiiSpan(PiiType.OTHER, m.start(), m.end(), d.name(), m.label()));
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("PiiDetector '{}' failed on a value of {} characters: {}", d.name(), text.length(), e.getMessage());
      }
    }
    List<PiiSpan> kept = new ArrayList<>();
    for (PiiSpan s : all) {
      if (kept.stream().noneMatch(s::overlaps)) {
        kept.add(s);
      }
    }
    kept.sort(Comparator.comparingInt(PiiSpan::start));
    return kept;
  }

  private static void add(List<PiiSpan> all, List<int[]> spans, PiiType type) {
    for (int[] s : spans) {
      all.add(new PiiSpan(type, s[0], s[1], BUILTIN, type.wireName()));
    }
  }

  /**
   * Scans every text value of a data set (numbers are not scanned: a phone number read as a
   * number has lost its shape, and numeric features are what models train on).
   *
   * @param rows the rows
   * @param sourceLabel names the data in findings
   * @return the report
   */
  public PiiReport scan(DatasetRows rows, String sourceLabel) {
    Tally t = new Tally();
    int rowIndex = 0;
    for (Map<String, Object> row : rows.rows()) {
      boolean found = false;
      for (Map.Entry<String, Object> cell : row.entrySet()) {
        if (cell.getValue() instanceof String s) {
          t.values++;
          found |= t.record(s, find(s), sourceLabel + " row " + (rowIndex + 1) + " field " + cell.getKey());
        }
      }
      t.items++;
      if (found) {
        t.itemsWithFindings++;
      }
      rowIndex++;
    }
    return t.report();
  }

  /**
   * Scans documents' titles and content.
   *
   * @param documents the documents
   * @return the report
   */
  public PiiReport scanDocuments(List<KnowledgeDocument> documents) {
    Tally t = new Tally();
    for (KnowledgeDocument d : documents) {
      Objects.requireNonNull(d, "documents must not contain null");
      boolean found = false;
      for (String[] part : new String[][] {{"title", d.title()}, {"content", d.content()}}) {
        if (part[1] != null) {
          t.values++;
          found |= t.record(part[1], find(part[1]), "document " + d.id() + " " + part[0]);
        }
      }
      t.items++;
      if (found) {
        t.itemsWithFindings++;
      }
    }
    return t.report();
  }

  /**
   * @param value a detected value
   * @return the value with all but its first and last characters replaced by {@code *}
   */
  public static String preview(String value) {
    if (value.length() <= 2) {
      return "*".repeat(value.length());
    }
    return value.charAt(0) + "*".repeat(value.length() - 2) + value.charAt(value.length() - 1);
  }

  private static final class Tally {
    long items;
    long values;
    long itemsWithFindings;
    final Map<String, Long> counts = new LinkedHashMap<>();
    final List<PiiFinding> findings = new ArrayList<>();

    Tally() {
      for (PiiType type : PiiType.values()) {
        counts.put(type.wireName(), 0L);
      }
    }

    boolean record(String text, List<PiiSpan> spans, String location) {
      for (PiiSpan s : spans) {
        counts.merge(s.type().wireName(), 1L, Long::sum);
        if (findings.size() < MAX_FINDINGS) {
          findings.add(new PiiFinding(s.type(), s.detector(), location, s.start(), s.end(), preview(s.in(text))));
        }
      }
      return !spans.isEmpty();
    }

    PiiReport report() {
      return new PiiReport(items, values, itemsWithFindings, counts, findings);
    }
  }
}
