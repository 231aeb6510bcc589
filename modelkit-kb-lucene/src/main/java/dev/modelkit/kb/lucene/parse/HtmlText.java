package dev.modelkit.kb.lucene.parse;

import dev.modelkit.spi.DocumentParser.Section;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A small lenient HTML-to-text converter that keeps headings and paragraphs. */
final class HtmlText {

  record Result(String title, List<Section> sections) {}

  private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "ul", "ol", "tr", "table", "section",
      "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "hr", "form", "nav", "aside", "main",
      "figure", "figcaption", "address", "body");
  private static final Set<String> SKIPPED = Set.of("script", "style", "noscript", "template", "svg");
  private static final Map<String, String> ENTITIES = Map.ofEntries(
      Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
      Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("ndash", "–"), Map.entry("mdash", "—"),
      Map.entry("hellip", "…"), Map.entry("copy", "©"), Map.entry("reg", "®"), Map.entry("euro", "€"),
      Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"), Map.entry("ldquo", "“"), Map.entry("rdquo", "”"),
      Map.entry("laquo", "«"), Map.entry("raquo", "»"), Map.entry("bull", "•"), Map.entry("middot", "·"));

  private HtmlText() {}

  static Result extract(String html) {
    SectionBuilder sections = new SectionBuilder();
    StringBuilder text = new StringBuilder();
    String title = null;
    int headingLevel = 0;
    String skipping = null;
    boolean inTitle = false;
    StringBuilder titleText = new StringBuilder();
    int i = 0;
    int n = html.length();
    while (i < n) {
      char c = html.charAt(i);
      if (c == '<') {
        if (html.startsWith("<!--", i)) {
          int end = html.indexOf("-->", i + 4);
          i = end < 0 ? n : end + 3;
          continue;
        }
        int end = html.indexOf('>', i + 1);
        if (end < 0) {
          break;
        }
        String tag = html.substring(i + 1, end).strip();
        i = end + 1;
        boolean closing = tag.startsWith("/");
        String name = tagName(closing ? tag.substring(1) : tag);
        if (skipping != null) {
          if (closing && name.equals(skipping)) {
            skipping = null;
          }
          continue;
        }
        if (name.equals("title")) {
          inTitle = !closing;
          if (closing && title == null && !titleText.toString().isBlank()) {
            title = collapse(titleText.toString());
          }
          continue;
        }
        if (!closing && SKIPPED.contains(name) && !tag.endsWith("/")) {
          skipping = name;
          continue;
        }
        if (name.length() == 2 && name.charAt(0) == 'h' && Character.isDigit(name.charAt(1))) {
          flushText(sections, text, headingLevel);
          headingLevel = closing ? 0 : name.charAt(1) - '0';
          continue;
        }
        if (BLOCKS.contains(name)) {
          flushText(sections, text, headingLevel);
        } else {
          text.append(' ');
        }
        continue;
      }
      int next = html.indexOf('<', i);
      String chunk = decode(html.substring(i, next < 0 ? n : next));
      if (inTitle) {
        titleText.append(chunk);
      } else if (skipping == null) {
        text.append(chunk);
      }
      i = next < 0 ? n : next;
    }
    flushText(sections, text, headingLevel);
    return new Result(title, sections.build());
  }

  private static void flushText(SectionBuilder sections, StringBuilder text, int headingLevel) {
    String t = collapse(text.toString());
    text.setLength(0);
    if (t.isEmpty()) {
      return;
    }
    if (headingLevel > 0) {
      sections.heading(headingLevel, t);
    } else {
      sections.paragraph(t);
    }
  }

  private static String tagName(String tag) {
    int end = 0;
    while (end < tag.length() && (Character.isLetterOrDigit(tag.charAt(end)) || tag.charAt(end) == '-')) {
      end++;
    }
    return tag.substring(0, end).toLowerCase(Locale.ROOT);
  }

  private static String collapse(String s) {
    return s.replaceAll("[\\s\\u00A0]+", " ").strip();
  }

  static String decode(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int semi = c == '&' ? s.indexOf(';', i) : -1;
      if (semi > i && semi - i <= 10) {
        String ref = s.substring(i + 1, semi);
        String value = reference(ref);
        if (value != null) {
          out.append(value);
          i = semi + 1;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static String reference(String ref) {
    try {
      if (ref.startsWith("#x") || ref.startsWith("#X")) {
        int cp = Integer.parseInt(ref.substring(2), 16);
        return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : null;
      }
      if (ref.startsWith("#")) {
        int cp = Integer.parseInt(ref.substring(1));
        return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : null;
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return ENTITIES.get(ref.toLowerCase(Locale.ROOT));
  }
}
