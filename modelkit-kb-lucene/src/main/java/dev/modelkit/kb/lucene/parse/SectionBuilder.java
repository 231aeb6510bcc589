package dev.modelkit.kb.lucene.parse;

import dev.modelkit.spi.DocumentParser.Section;
import java.util.ArrayList;
import java.util.List;

/** Accumulates headings and paragraphs of a structured document into sections. */
final class SectionBuilder {
  private final List<Section> sections = new ArrayList<>();
  private final List<String> path = new ArrayList<>();
  private final StringBuilder body = new StringBuilder();
  private boolean inLines;
  private int page;

  /** @param value the page the following text is on */
  void page(int value) {
    if (value != page) {
      flush();
      page = value;
    }
  }

  void heading(int level, String text) {
    flush();
    int l = Math.max(1, Math.min(level, 9));
    while (path.size() >= l) {
      path.remove(path.size() - 1);
    }
    path.add(text);
  }

  void paragraph(String text) {
    endParagraph();
    if (body.length() > 0) {
      body.append("\n\n");
    }
    body.append(text);
  }

  /** A line that belongs with the lines next to it, such as a table row. */
  void line(String text) {
    if (!inLines && body.length() > 0) {
      body.append("\n\n");
    } else if (inLines) {
      body.append('\n');
    }
    body.append(text);
    inLines = true;
  }

  void endParagraph() {
    inLines = false;
  }

  boolean isEmpty() {
    return sections.isEmpty() && body.length() == 0 && path.isEmpty();
  }

  private void flush() {
    inLines = false;
    if (body.length() > 0) {
      sections.add(new Section(path, page, body.toString()));
      body.setLength(0);
    }
  }

  List<Section> build() {
    flush();
    return List.copyOf(sections);
  }
}
