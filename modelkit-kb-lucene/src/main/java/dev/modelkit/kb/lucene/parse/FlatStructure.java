package dev.modelkit.kb.lucene.parse;

import dev.modelkit.kb.lucene.internal.TextStructure;
import dev.modelkit.spi.DocumentParser.Parsed;
import dev.modelkit.spi.DocumentParser.Section;
import java.util.List;

/**
 * Word and OpenDocument files converted from plain text carry no heading styles; for them the
 * headings are inferred from the text the way {@link TextStructure} does for plain text, so that
 * their chunks still cite sections.
 */
final class FlatStructure {
  private FlatStructure() {}

  static Parsed inferIfFlat(Parsed parsed) {
    for (Section s : parsed.sections()) {
      if (!s.path().isEmpty() || s.page() != 0) {
        return parsed;
      }
    }
    StringBuilder text = new StringBuilder();
    for (Section s : parsed.sections()) {
      text.append(text.length() > 0 ? "\n\n" : "").append(s.text());
    }
    TextStructure.Result inferred = TextStructure.parse(text.toString());
    boolean headings = false;
    for (Section s : inferred.sections()) {
      headings |= !s.path().isEmpty();
    }
    if (!headings) {
      return parsed;
    }
    String title = parsed.title() != null ? parsed.title() : inferred.title();
    List<Section> sections = inferred.sections();
    return new Parsed(parsed.idSuffix(), title, sections, parsed.properties());
  }
}
