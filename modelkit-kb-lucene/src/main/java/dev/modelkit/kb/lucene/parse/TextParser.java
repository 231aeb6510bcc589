package dev.modelkit.kb.lucene.parse;

import dev.modelkit.kb.lucene.internal.TextStructure;
import dev.modelkit.spi.DocumentParseException;
import dev.modelkit.spi.DocumentParser;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plain text and Markdown. The charset comes from the byte-order mark, else from the bytes (UTF-16
 * by its zero bytes, UTF-8 if valid), else from the {@code text.charset} option (windows-1252 by
 * default). Headings are found by {@link TextStructure}.
 */
public final class TextParser implements DocumentParser {

  @Override
  public String format() {
    return "txt";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("txt", "text", "md", "markdown", "rst", "asc", "");
  }

  @Override
  public boolean recognizes(byte[] content) {
    return false;
  }

  @Override
  public boolean textual() {
    return true;
  }

  @Override
  public List<Parsed> parse(Input input) {
    String file = input.name();
    TextDecoder.Decoded decoded = TextDecoder.decode(file, input.content(), input.options().get("text.charset"));
    new TextBudget(file, input.limits().maxChars()).spend(decoded.text().length());
    TextStructure.Result structure = TextStructure.parse(decoded.text());
    if (structure.sections().isEmpty()) {
      if (structure.title() != null) {
        return List.of(new Parsed(null, structure.title(),
            List.of(new Section(List.of(), 0, structure.title())), Map.of("charset", decoded.charset())));
      }
      throw new DocumentParseException("'" + file + "' contains no text (only whitespace); nothing to ingest");
    }
    return List.of(new Parsed(null, structure.title(), structure.sections(), Map.of("charset", decoded.charset())));
  }
}
