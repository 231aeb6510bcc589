package dev.modelkit.kb.lucene.parse;

import dev.modelkit.spi.DocumentParseException;
import dev.modelkit.spi.DocumentParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * OpenDocument text (ODT), read from its {@code content.xml} with a safe StAX reader: {@code
 * text:h} headings (with their outline level) give the section paths, paragraphs and list items
 * the text, table rows one line each. Title, author and date come from {@code meta.xml}.
 */
public final class OdtParser implements DocumentParser {

  private static final byte[] MIMETYPE = "mimetypeapplication/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII);

  @Override
  public String format() {
    return "odt";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("odt", "ott");
  }

  @Override
  public boolean recognizes(byte[] content) {
    // OpenDocument stores its mimetype first and uncompressed, right after the local header
    return ZipGuard.isZip(content) && ZipGuard.startsWith(content, 30, MIMETYPE);
  }

  @Override
  public List<Parsed> parse(Input input) {
    String file = input.name();
    Map<String, byte[]> parts = ZipGuard.read(file, input.content(), input.limits(), Set.of("content.xml", "meta.xml"));
    byte[] content = parts.get("content.xml");
    if (content == null) {
      throw new DocumentParseException("'" + file + "' is an OpenDocument container without content.xml; it is"
          + " damaged. Re-save it from its editor");
    }
    TextBudget budget = new TextBudget(file, input.limits().maxChars());
    SectionBuilder sections = new SectionBuilder();
    XMLStreamReader r = SafeXml.reader(file, "content.xml", ZipGuard.stream(content));
    try {
      StringBuilder block = null;
      int headingLevel = 0;
      int depth = 0;
      List<String> row = null;
      StringBuilder cell = null;
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String name = r.getLocalName();
          switch (name) {
            case "h", "p" -> {
              if (block == null) {
                block = new StringBuilder();
                headingLevel = name.equals("h") ? outlineLevel(r) : 0;
                depth = 0;
              } else {
                depth++;
              }
            }
            case "s" -> append(block, " ".repeat(Math.min(count(r), 64)));
            case "tab" -> append(block, "\t");
            case "line-break" -> append(block, "\n");
            case "table-row" -> row = new ArrayList<>();
            case "table-cell" -> cell = new StringBuilder();
            case "note-citation" -> skip(r);
            default -> { }
          }
        } else if (event == XMLStreamConstants.CHARACTERS && block != null) {
          block.append(r.getText());
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          String name = r.getLocalName();
          if ((name.equals("h") || name.equals("p")) && block != null) {
            if (depth > 0) {
              depth--;
              continue;
            }
            String text = block.toString().strip();
            block = null;
            if (text.isEmpty()) {
              continue;
            }
            if (cell != null) {
              cell.append(cell.length() > 0 ? " " : "").append(text);
            } else {
              budget.spend(text.length());
              if (headingLevel > 0) {
                sections.heading(headingLevel, text);
              } else {
                sections.paragraph(text);
              }
            }
          } else if (name.equals("table-cell") && row != null && cell != null) {
            row.add(cell.toString().replaceAll("\\s+", " ").strip());
            cell = null;
          } else if (name.equals("table-row") && row != null) {
            String line = String.join(" | ", row);
            budget.spend(line.length());
            sections.line(line);
            row = null;
          } else if (name.equals("table")) {
            sections.endParagraph();
          }
        }
      }
    } catch (XMLStreamException e) {
      throw SafeXml.invalid(file, "content.xml", e);
    }
    List<Section> list = sections.build();
    if (list.isEmpty()) {
      throw new DocumentParseException("'" + file + "' is an OpenDocument text without any text; nothing to ingest");
    }
    Map<String, String> props = CoreProperties.read(file, parts.get("meta.xml"));
    String title = props.remove("title");
    return List.of(FlatStructure.inferIfFlat(new Parsed(null, title, list, props)));
  }

  private static int outlineLevel(XMLStreamReader r) {
    for (int i = 0; i < r.getAttributeCount(); i++) {
      if (r.getAttributeLocalName(i).equals("outline-level")) {
        try {
          return Math.max(1, Integer.parseInt(r.getAttributeValue(i).strip()));
        } catch (NumberFormatException e) {
          return 1;
        }
      }
    }
    return 1;
  }

  private static int count(XMLStreamReader r) {
    for (int i = 0; i < r.getAttributeCount(); i++) {
      if (r.getAttributeLocalName(i).equals("c")) {
        try {
          return Integer.parseInt(r.getAttributeValue(i).strip());
        } catch (NumberFormatException e) {
          return 1;
        }
      }
    }
    return 1;
  }

  /** Skips an element and its content (a footnote's citation mark is not text). */
  private static void skip(XMLStreamReader r) throws XMLStreamException {
    int level = 1;
    while (level > 0 && r.hasNext()) {
      int e = r.next();
      if (e == XMLStreamConstants.START_ELEMENT) {
        level++;
      } else if (e == XMLStreamConstants.END_ELEMENT) {
        level--;
      }
    }
  }

  private static void append(StringBuilder sb, String s) {
    if (sb != null) {
      sb.append(s);
    }
  }
}
