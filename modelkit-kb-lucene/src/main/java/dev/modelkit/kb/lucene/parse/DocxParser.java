package dev.modelkit.kb.lucene.parse;

import dev.modelkit.spi.DocumentParseException;
import dev.modelkit.spi.DocumentParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.openxml4j.exceptions.OLE2NotOfficeXmlFileException;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFAbstractFootnoteEndnote;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * Word documents (DOCX), read with Apache POI: headings (by their "heading N" or "Title" style or
 * outline level) give the section paths, tables become one line per row with cells separated by
 * {@code |}, footnotes and endnotes follow the body. Strict Open XML files, which POI does not
 * read, are read directly from their XML by {@link WordXmlText}. The container is inflated through
 * {@link ZipGuard} first, so zip bombs are refused before POI sees them.
 */
public final class DocxParser implements DocumentParser {

  private static final Pattern NOTE_REF = Pattern.compile("\\[(?:footnoteRef|endnoteRef):\\d+\\]");

  static {
    // POI's own guard as a second line of defence; ZipGuard applies the configured limits first
    ZipSecureFile.setMinInflateRatio(0.001);
  }

  @Override
  public String format() {
    return "docx";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("docx", "docm", "dotx");
  }

  @Override
  public boolean recognizes(byte[] content) {
    return ZipGuard.isZip(content) && ZipGuard.contains(content, "word/document.xml");
  }

  @Override
  public List<Parsed> parse(Input input) {
    String file = input.name();
    Map<String, byte[]> parts = ZipGuard.read(file, input.content(), input.limits(),
        Set.of("word/document.xml", "docProps/core.xml", "word/styles.xml"));
    if (!parts.containsKey("word/document.xml")) {
      throw new DocumentParseException("'" + file + "' is a ZIP container without word/document.xml; it is not a"
          + " Word document or it is damaged");
    }
    TextBudget budget = new TextBudget(file, input.limits().maxChars());
    try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(input.content()))) {
      return List.of(FlatStructure.inferIfFlat(read(doc, file, budget)));
    } catch (POIXMLException | IOException e) {
      if (isStrict(e)) {
        return List.of(FlatStructure.inferIfFlat(WordXmlText.parse(file, parts, budget)));
      }
      throw new DocumentParseException("'" + file + "' could not be read as a Word document (" + e.getMessage()
          + "); it is corrupt or truncated. Re-save it from Word or LibreOffice", e);
    } catch (OLE2NotOfficeXmlFileException e) {
      throw new DocumentParseException("'" + file + "' is an encrypted or legacy Office file, not a DOCX; remove"
          + " the password or save it as .docx", e);
    } catch (DocumentParseException e) {
      throw e;
    } catch (RuntimeException e) {
      if (isStrict(e)) {
        return List.of(FlatStructure.inferIfFlat(WordXmlText.parse(file, parts, budget)));
      }
      throw new DocumentParseException("'" + file + "' broke the Word reader (" + e + "); it is malformed."
          + " Re-save it from Word or LibreOffice", e);
    }
  }

  private static boolean isStrict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("strict")) {
        return true;
      }
    }
    return false;
  }

  private static Parsed read(XWPFDocument doc, String file, TextBudget budget) {
    SectionBuilder sections = new SectionBuilder();
    String title = null;
    for (IBodyElement element : doc.getBodyElements()) {
      if (element instanceof XWPFParagraph p) {
        String text = NOTE_REF.matcher(p.getParagraphText()).replaceAll("").strip();
        if (text.isEmpty()) {
          continue;
        }
        budget.spend(text.length());
        int level = headingLevel(doc, p);
        if (level == WordXmlText.TITLE) {
          if (title == null) {
            title = text;
          } else {
            sections.heading(1, text);
          }
        } else if (level > 0) {
          sections.heading(level, text);
        } else {
          sections.paragraph(text);
        }
      } else if (element instanceof XWPFTable table) {
        for (XWPFTableRow row : table.getRows()) {
          List<String> cells = new ArrayList<>();
          for (XWPFTableCell cell : row.getTableCells()) {
            cells.add(cell.getText().strip().replaceAll("\\s+", " "));
          }
          String line = String.join(" | ", cells);
          budget.spend(line.length());
          sections.line(line);
        }
        sections.endParagraph();
      }
    }
    notes(doc.getFootnotes(), "Footnotes", sections, budget);
    notes(doc.getEndnotes(), "Endnotes", sections, budget);
    Map<String, String> props = new HashMap<>();
    POIXMLProperties.CoreProperties core = doc.getProperties().getCoreProperties();
    if (core.getCreator() != null && !core.getCreator().isBlank()) {
      props.put("author", core.getCreator().strip());
    }
    if (core.getModified() != null) {
      props.put("lastModified", core.getModified().toInstant().toString());
    }
    if (core.getTitle() != null && !core.getTitle().isBlank()) {
      title = core.getTitle().strip();
    }
    List<Section> list = sections.build();
    if (list.isEmpty() && title == null) {
      throw new DocumentParseException("'" + file + "' is a Word document without any text; nothing to ingest");
    }
    if (list.isEmpty()) {
      list = List.of(new Section(List.of(), 0, title));
    }
    return new Parsed(null, title, list, props);
  }

  private static void notes(List<? extends XWPFAbstractFootnoteEndnote> notes, String heading, SectionBuilder sections,
      TextBudget budget) {
    boolean any = false;
    for (XWPFAbstractFootnoteEndnote note : notes) {
      for (XWPFParagraph p : note.getParagraphs()) {
        String text = p.getText().strip();
        if (text.isEmpty()) {
          continue;
        }
        if (!any) {
          sections.heading(1, heading);
          any = true;
        }
        budget.spend(text.length());
        sections.paragraph(text);
      }
    }
  }

  private static int headingLevel(XWPFDocument doc, XWPFParagraph p) {
    String styleId = p.getStyleID();
    if (styleId != null && doc.getStyles() != null) {
      XWPFStyle style = doc.getStyles().getStyle(styleId);
      String name = (style != null && style.getName() != null ? style.getName() : styleId).toLowerCase(Locale.ROOT);
      int level = WordXmlText.levelOfStyleName(name);
      if (level != 0) {
        return level;
      }
    }
    if (p.getCTP().getPPr() != null && p.getCTP().getPPr().getOutlineLvl() != null) {
      return p.getCTP().getPPr().getOutlineLvl().getVal().intValue() + 1;
    }
    return 0;
  }
}
