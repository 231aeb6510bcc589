package dev.modelkit.kb.lucene.parse;

import dev.modelkit.spi.DocumentParseException;
import dev.modelkit.spi.DocumentParser;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;

/**
 * PDF documents, read with PDFBox 3. Text is extracted page by page so that every chunk cites its
 * page; the document outline (bookmarks) gives the section headings, each heading starting where
 * its title appears on its page. Password-protected files, and files whose permissions forbid text
 * extraction, are refused.
 */
public final class PdfParser implements DocumentParser {

  private static final byte[] SIGNATURE = "%PDF-".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_OUTLINE_ITEMS = 20_000;
  private static final Pattern SECTION_NUMBER = Pattern.compile("^\\s*(?:[A-Z]\\.|\\d+(?:\\.\\d+)*\\.?)\\s+");

  @Override
  public String format() {
    return "pdf";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("pdf");
  }

  @Override
  public boolean recognizes(byte[] content) {
    // the specification tolerates bytes before the header; readers look in the first kilobyte
    int limit = Math.min(content.length - SIGNATURE.length, 1024);
    for (int i = 0; i <= limit; i++) {
      if (ZipGuard.startsWith(content, i, SIGNATURE)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<Parsed> parse(Input input) {
    String file = input.name();
    try (PDDocument doc = Loader.loadPDF(input.content(), "", null, null, IOUtils.createTempFileOnlyStreamCache())) {
      if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent()) {
        throw new DocumentParseException("'" + file + "' is encrypted and its permissions forbid extracting text;"
            + " ask its owner for an unrestricted copy");
      }
      List<Bookmark> bookmarks = bookmarks(doc);
      TextBudget budget = new TextBudget(file, input.limits().maxChars());
      int pages = doc.getNumberOfPages();
      List<String> pageTexts = new ArrayList<>(pages);
      PagedStripper stripper = new PagedStripper((page, text) -> {
        budget.spend(text.length());
        pageTexts.add(text);
        if (Thread.currentThread().isInterrupted()) {
          throw new DocumentParseException("'" + file + "' took longer than the parse time limit (stopped at page "
              + page + ")");
        }
      });
      stripper.writeText(doc, new StringWriter());
      RunningHeaders headers = RunningHeaders.of(pageTexts);
      List<Section> sections = new ArrayList<>();
      List<String> path = new ArrayList<>();
      for (int p = 1; p <= pageTexts.size(); p++) {
        splitPage(headers.strip(pageTexts.get(p - 1)), p, bookmarksOn(bookmarks, p), path, sections);
      }
      if (sections.isEmpty()) {
        throw new DocumentParseException("'" + file + "' has no extractable text (" + pages
            + " pages); it may be scanned images, which need OCR before ingestion");
      }
      PDDocumentInformation info = doc.getDocumentInformation();
      Map<String, String> props = new HashMap<>();
      props.put("pages", Integer.toString(pages));
      putIfPresent(props, "author", info.getAuthor());
      putIfPresent(props, "subject", info.getSubject());
      putIfPresent(props, "keywords", info.getKeywords());
      Calendar modified = info.getModificationDate() != null ? info.getModificationDate() : info.getCreationDate();
      if (modified != null) {
        props.put("lastModified", modified.toInstant().toString());
      }
      return List.of(new Parsed(null, blankToNull(info.getTitle()), sections, props));
    } catch (InvalidPasswordException e) {
      throw new DocumentParseException("'" + file + "' is password-protected; remove the password (or export an"
          + " unprotected copy) before ingesting it", e);
    } catch (IOException e) {
      throw new DocumentParseException("'" + file + "' could not be read as a PDF (" + e.getMessage()
          + "); it is corrupt or truncated. Copy it again from its source or re-export it", e);
    } catch (DocumentParseException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DocumentParseException("'" + file + "' broke the PDF reader (" + e + "); it is malformed."
          + " Re-export it from its source", e);
    }
  }

  private record Bookmark(int level, String title, int page) {}

  private static List<Bookmark> bookmarks(PDDocument doc) {
    List<Bookmark> out = new ArrayList<>();
    PDDocumentOutline outline = doc.getDocumentCatalog().getDocumentOutline();
    if (outline != null) {
      Map<PDPage, Integer> pageNumbers = new HashMap<>();
      int n = 1;
      for (PDPage page : doc.getPages()) {
        pageNumbers.put(page, n++);
      }
      collect(outline, 1, doc, pageNumbers, out, new java.util.IdentityHashMap<>());
    }
    return out;
  }

  private static void collect(PDOutlineNode node, int level, PDDocument doc, Map<PDPage, Integer> pageNumbers,
      List<Bookmark> out, Map<PDOutlineNode, Boolean> seen) {
    for (PDOutlineItem item : node.children()) {
      // hostile outlines may loop or be huge
      if (out.size() >= MAX_OUTLINE_ITEMS || seen.put(item, Boolean.TRUE) != null) {
        return;
      }
      String title = blankToNull(item.getTitle());
      int page = 0;
      try {
        PDPage target = item.findDestinationPage(doc);
        page = target == null ? 0 : pageNumbers.getOrDefault(target, 0);
      } catch (IOException | RuntimeException e) {
        page = 0;
      }
      if (title != null && page > 0) {
        out.add(new Bookmark(level, title.strip(), page));
      }
      if (level < 8) {
        collect(item, level + 1, doc, pageNumbers, out, seen);
      }
    }
  }

  private static List<Bookmark> bookmarksOn(List<Bookmark> all, int page) {
    List<Bookmark> on = new ArrayList<>();
    for (Bookmark b : all) {
      if (b.page == page) {
        on.add(b);
      }
    }
    return on;
  }

  /** Cuts a page's text where its bookmarks' titles appear, updating the heading path. */
  private static void splitPage(String text, int page, List<Bookmark> marks, List<String> path, List<Section> out) {
    int start = 0;
    int searchFrom = 0;
    for (Bookmark b : marks) {
      int at = find(text, b.title, searchFrom);
      int cut = at >= 0 ? at : start;
      add(out, path, page, text.substring(start, cut));
      while (path.size() >= b.level) {
        path.remove(path.size() - 1);
      }
      while (path.size() < b.level - 1) {
        path.add("");
      }
      path.add(b.title);
      if (at >= 0) {
        int lineEnd = text.indexOf('\n', at);
        start = lineEnd < 0 ? text.length() : lineEnd + 1;
        searchFrom = start;
      } else {
        start = cut;
      }
    }
    add(out, path, page, text.substring(start));
  }

  /**
   * Finds the line where a heading's title appears: the line, without a leading section number
   * such as {@code 2.1}, starts with the title (whitespace and case aside).
   */
  private static int find(String text, String title, int from) {
    String wanted = normalize(title);
    int lineStart = from;
    while (lineStart < text.length()) {
      int lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) {
        lineEnd = text.length();
      }
      String line = normalize(SECTION_NUMBER.matcher(text.substring(lineStart, lineEnd)).replaceFirst(""));
      if (!line.isEmpty() && (line.startsWith(wanted) || wanted.startsWith(line) && line.length() > 12)) {
        return lineStart;
      }
      lineStart = lineEnd + 1;
    }
    return -1;
  }

  private static String normalize(String s) {
    return s.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT).replace('’', '\'');
  }

  private static void add(List<Section> out, List<String> path, int page, String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return;
    }
    List<String> p = new ArrayList<>();
    for (String s : path) {
      if (!s.isEmpty()) {
        p.add(s);
      }
    }
    out.add(new Section(p, page, t));
  }

  private static void putIfPresent(Map<String, String> props, String key, String value) {
    String v = blankToNull(value);
    if (v != null) {
      props.put(key, v.strip());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
