package dev.modelkit.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.knowledge.DocumentMetadata;
import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.ReviewStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The real documents the knowledge benchmarks ingest: the SpamAssassin messages (as case studies,
 * headers reduced to subject, sender and date; HTML parts reduced to text; attachments dropped),
 * the Amazon Fine Foods reviews, and the policy documents of {@code data/docs}. A third of the
 * messages are confidential and readable only by the {@code fraud_analyst} role, so that searches
 * run with a real access filter.
 */
final class KnowledgeCorpus {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";\\s]+)\"?", Pattern.CASE_INSENSITIVE);
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern STYLE = Pattern.compile("(?is)<(script|style)[^>]*>.*?</\\1>");

  private KnowledgeCorpus() {}

  static Path data() {
    return Path.of(System.getProperty("modelkit.data", "data"));
  }

  /** @return the SpamAssassin messages, one document each */
  static List<KnowledgeDocument> emails() {
    List<KnowledgeDocument> out = new ArrayList<>();
    Path file = data().resolve("text/spamassassin.jsonl.gz");
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
        StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode j = JSON.readTree(line);
        KnowledgeDocument d = email(j.get("id").asText(), j.get("label").asText(), j.get("text").asText(), n++);
        if (d != null) {
          out.add(d);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static KnowledgeDocument email(String id, String label, String raw, int n) {
    String text = raw.replace("\r\n", "\n");
    int split = text.indexOf("\n\n");
    String headers = split < 0 ? text : text.substring(0, split);
    String body = split < 0 ? "" : text.substring(split + 2);
    String subject = header(headers, "Subject");
    String from = header(headers, "From");
    String contentType = header(headers, "Content-Type");
    String content = bodyText(contentType == null ? "" : contentType, header(headers, "Content-Transfer-Encoding"), body).strip();
    if (content.isBlank()) {
      return null;
    }
    boolean confidential = n % 3 == 0;
    DocumentMetadata m = new DocumentMetadata(from, label.equals("spam") ? "abuse-desk" : "engineering",
        date(header(headers, "Date")), null, confidential ? "confidential" : "internal",
        confidential ? List.of("fraud_analyst") : List.of(), List.of(), null);
    return new KnowledgeDocument("mail/" + id, subject == null || subject.isBlank() ? id : subject, content,
        DocumentType.CASE_STUDY, "email", List.of(label), m, null, null, ReviewStatus.APPROVED);
  }

  private static String bodyText(String contentType, String encoding, String body) {
    String ct = contentType.toLowerCase(Locale.ROOT);
    if (ct.startsWith("multipart/")) {
      Matcher b = BOUNDARY.matcher(contentType);
      if (!b.find()) {
        return plain(body);
      }
      StringBuilder sb = new StringBuilder();
      for (String part : body.split("\n--" + Pattern.quote(b.group(1)))) {
        int s = part.indexOf("\n\n");
        if (s < 0) {
          continue;
        }
        String h = part.substring(0, s);
        String partType = header(h, "Content-Type");
        String t = partType == null ? "text/plain" : partType.toLowerCase(Locale.ROOT);
        if (t.startsWith("text/") || t.startsWith("multipart/")) {
          sb.append(bodyText(partType == null ? "text/plain" : partType, header(h, "Content-Transfer-Encoding"),
              part.substring(s + 2))).append("\n\n");
        }
      }
      return sb.toString();
    }
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("base64")) {
      return "";
    }
    String text = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("quoted-printable")
        ? quotedPrintable(body) : body;
    return ct.contains("html") ? html(text) : plain(text);
  }

  private static String plain(String s) {
    return s;
  }

  private static String html(String s) {
    String t = STYLE.matcher(s).replaceAll(" ");
    t = t.replaceAll("(?i)<(br|p|div|tr|li|h[1-6])[^>]*>", "\n");
    t = TAG.matcher(t).replaceAll(" ");
    return t.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&quot;", "\"").replaceAll("[ \t]+", " ").replaceAll("\n\\s*\n\\s*(\n\\s*)+", "\n\n");
  }

  private static String quotedPrintable(String s) {
    StringBuilder out = new StringBuilder(s.length());
    String joined = s.replace("=\n", "");
    for (int i = 0; i < joined.length(); i++) {
      char c = joined.charAt(i);
      if (c == '=' && i + 2 < joined.length()) {
        try {
          out.append((char) Integer.parseInt(joined.substring(i + 1, i + 3), 16));
          i += 2;
          continue;
        } catch (NumberFormatException e) {
          // a literal '='
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String header(String headers, String name) {
    Matcher m = Pattern.compile("(?im)^" + name + ":[ \\t]*(.*(?:\\n[ \\t].*)*)").matcher(headers);
    return m.find() ? m.group(1).replaceAll("\\s+", " ").strip() : null;
  }

  private static Instant date(String s) {
    if (s == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(s.replaceAll("\\s*\\(.*\\)$", "").strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** @return the Fine Foods reviews (training and test files), one document each */
  static List<KnowledgeDocument> reviews() {
    List<KnowledgeDocument> out = new ArrayList<>();
    for (String name : List.of("fine_foods_train.csv", "fine_foods_test.csv")) {
      try (Reader r = Files.newBufferedReader(data().resolve("text").resolve(name))) {
        int row = 0;
        for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
          row++;
          String text = rec.get("review").replace("<br />", "\n").strip();
          if (text.isBlank()) {
            continue;
          }
          out.add(new KnowledgeDocument("review/" + name.replace(".csv", "") + "/" + row, "Review of " + rec.get("product"),
              text, DocumentType.CASE_STUDY, "fine_foods", List.of(rec.get("score")), null, null, null,
              ReviewStatus.APPROVED));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** @return the policy documents (PDF, DOCX, ODT, TXT) */
  static List<Path> policyFiles() {
    try (Stream<Path> s = Files.list(data().resolve("docs"))) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
