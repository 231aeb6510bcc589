package dev.modelkit.kb.lucene.parse;

import dev.modelkit.spi.DocumentParseException;
import dev.modelkit.spi.DocumentParser;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HTML pages, read leniently (real pages are rarely valid XML): {@code <title>} is the title,
 * {@code <h1>}..{@code <h6>} the section headings, block elements separate paragraphs, scripts,
 * styles and comments are dropped, and character references are decoded. Nothing is fetched:
 * links, images and external entities are ignored.
 */
public final class HtmlParser implements DocumentParser {

  @Override
  public String format() {
    return "html";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("html", "htm", "xhtml");
  }

  @Override
  public boolean recognizes(byte[] content) {
    return false;
  }

  @Override
  public boolean textual() {
    return true;
  }

  /**
   * @param text decoded text
   * @return whether it starts like an HTML page, for files without an extension
   */
  public static boolean looksLikeHtml(String text) {
    String head = text.substring(0, Math.min(512, text.length())).stripLeading().toLowerCase(Locale.ROOT);
    return head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<html");
  }

  @Override
  public List<Parsed> parse(Input input) {
    String file = input.name();
    TextDecoder.Decoded decoded = TextDecoder.decode(file, input.content(), input.options().get("text.charset"));
    new TextBudget(file, input.limits().maxChars()).spend(decoded.text().length());
    HtmlText.Result r = HtmlText.extract(decoded.text());
    if (r.sections().isEmpty()) {
      throw new DocumentParseException("'" + file + "' is an HTML page without any text; nothing to ingest");
    }
    return List.of(new Parsed(null, r.title(), r.sections(), Map.of("charset", decoded.charset())));
  }
}
