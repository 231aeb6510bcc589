package dev.modelkit.kb.lucene.parse;

import dev.modelkit.spi.DocumentParseException;
import dev.modelkit.spi.DocumentParser.Parsed;
import dev.modelkit.spi.DocumentParser.Section;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the text of a WordprocessingML part directly with a safe StAX reader, matching elements by
 * local name so that both Transitional and Strict Open XML work. Used for the Strict files POI
 * cannot open.
 */
final class WordXmlText {

  /** The level {@link #levelOfStyleName} gives the document title style. */
  static final int TITLE = -1;

  private WordXmlText() {}

  /**
   * @param name a paragraph style name or id in lower case, for example {@code heading 2}
   * @return 1 to 9 for headings, {@link #TITLE} for the title style, 0 for anything else
   */
  static int levelOfStyleName(String name) {
    String n = name.replace(" ", "").toLowerCase(Locale.ROOT);
    if (n.equals("title")) {
      return TITLE;
    }
    if (n.startsWith("heading") && n.length() == 8 && Character.isDigit(n.charAt(7))) {
      return Math.max(1, n.charAt(7) - '0');
    }
    return 0;
  }

  static Parsed parse(String file, Map<String, byte[]> parts, TextBudget budget) {
    Map<String, String> styleNames = styles(file, parts.get("word/styles.xml"));
    SectionBuilder sections = new SectionBuilder();
    String title = null;
    XMLStreamReader r = SafeXml.reader(file, "word/document.xml", ZipGuard.stream(parts.get("word/document.xml")));
    try {
      StringBuilder paragraph = null;
      String style = null;
      int outline = 0;
      List<String> row = null;
      StringBuilder cell = null;
      boolean inT = false;
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          switch (r.getLocalName()) {
            case "p" -> {
              paragraph = new StringBuilder();
              style = null;
              outline = 0;
            }
            case "pStyle" -> style = attribute(r, "val");
            case "outlineLvl" -> outline = parseInt(attribute(r, "val")) + 1;
            case "t" -> inT = true;
            case "tab" -> append(paragraph, "\t");
            case "br", "cr" -> append(paragraph, "\n");
            case "tr" -> row = new ArrayList<>();
            case "tc" -> cell = new StringBuilder();
            default -> { }
          }
        } else if (event == XMLStreamConstants.CHARACTERS && paragraph != null && inT) {
          paragraph.append(r.getText());
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          switch (r.getLocalName()) {
            case "t" -> inT = false;
            case "p" -> {
              String text = paragraph == null ? "" : paragraph.toString().strip();
              paragraph = null;
              if (cell != null) {
                if (cell.length() > 0 && !text.isEmpty()) {
                  cell.append(' ');
                }
                cell.append(text);
              } else if (!text.isEmpty()) {
                budget.spend(text.length());
                String name = style == null ? "" : styleNames.getOrDefault(style, style);
                int level = levelOfStyleName(name);
                if (level == 0 && outline > 0) {
                  level = outline;
                }
                if (level == TITLE && title == null) {
                  title = text;
                } else if (level != 0) {
                  sections.heading(Math.max(level, 1), text);
                } else {
                  sections.paragraph(text);
                }
              }
            }
            case "tc" -> {
              if (row != null && cell != null) {
                row.add(cell.toString().replaceAll("\\s+", " ").strip());
              }
              cell = null;
            }
            case "tr" -> {
              if (row != null) {
                String line = String.join(" | ", row);
                budget.spend(line.length());
                sections.line(line);
              }
              row = null;
            }
            case "tbl" -> sections.endParagraph();
            default -> { }
          }
        }
      }
    } catch (XMLStreamException e) {
      throw SafeXml.invalid(file, "word/document.xml", e);
    }
    List<Section> list = sections.build();
    if (list.isEmpty()) {
      throw new DocumentParseException("'" + file + "' is a Word document without any text; nothing to ingest");
    }
    Map<String, String> props = CoreProperties.read(file, parts.get("docProps/core.xml"));
    if (props.containsKey("title")) {
      title = props.remove("title");
    }
    return new Parsed(null, title, list, props);
  }

  private static void append(StringBuilder sb, String s) {
    if (sb != null) {
      sb.append(s);
    }
  }

  private static String attribute(XMLStreamReader r, String localName) {
    for (int i = 0; i < r.getAttributeCount(); i++) {
      if (r.getAttributeLocalName(i).equals(localName)) {
        return r.getAttributeValue(i);
      }
    }
    return null;
  }

  private static int parseInt(String s) {
    try {
      return s == null ? 0 : Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Map<String, String> styles(String file, byte[] xml) {
    Map<String, String> names = new HashMap<>();
    if (xml == null) {
      return names;
    }
    XMLStreamReader r = SafeXml.reader(file, "word/styles.xml", ZipGuard.stream(xml));
    try {
      String id = null;
      while (r.hasNext()) {
        if (r.next() == XMLStreamConstants.START_ELEMENT) {
          if (r.getLocalName().equals("style")) {
            id = attribute(r, "styleId");
          } else if (r.getLocalName().equals("name") && id != null) {
            names.put(id, attribute(r, "val") == null ? id : attribute(r, "val").toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (XMLStreamException e) {
      throw SafeXml.invalid(file, "word/styles.xml", e);
    }
    return names;
  }
}
