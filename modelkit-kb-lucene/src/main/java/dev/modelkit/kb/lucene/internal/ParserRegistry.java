package dev.modelkit.kb.lucene.internal;

import dev.modelkit.kb.lucene.parse.HtmlParser;
import dev.modelkit.spi.DocumentParseException;
import dev.modelkit.spi.DocumentParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The document parsers in use and format detection: content signature first, then the extension,
 * and a clear refusal when the two disagree or the content is of no supported format.
 */
public final class ParserRegistry {

  private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};

  private final List<DocumentParser> parsers;
  private final Map<String, DocumentParser> byExtension = new LinkedHashMap<>();

  /**
   * @param parsers the parsers, earlier ones winning extension clashes
   */
  public ParserRegistry(List<DocumentParser> parsers) {
    this.parsers = List.copyOf(parsers);
    for (DocumentParser p : parsers) {
      for (String e : p.extensions()) {
        byExtension.putIfAbsent(e.toLowerCase(Locale.ROOT), p);
      }
    }
  }

  /** @return a registry of every parser found with {@link ServiceLoader} */
  public static ParserRegistry discover() {
    List<DocumentParser> found = new ArrayList<>();
    for (DocumentParser p : ServiceLoader.load(DocumentParser.class, ParserRegistry.class.getClassLoader())) {
      found.add(p);
    }
    return new ParserRegistry(found);
  }

  /** @return the parsers */
  public List<DocumentParser> parsers() {
    return parsers;
  }

  /**
   * Chooses the parser for a file.
   *
   * @param name the file name
   * @param content the whole file
   * @return the parser
   * @throws DocumentParseException if the file is empty, mislabelled, or of no supported format
   */
  public DocumentParser detect(String name, byte[] content) {
    if (content.length == 0) {
      throw new DocumentParseException("'" + name + "' is empty (0 bytes); nothing to ingest");
    }
    String ext = extension(name);
    DocumentParser owner = byExtension.get(ext);
    DocumentParser recognized = null;
    for (DocumentParser p : parsers) {
      if (p.recognizes(content) && (recognized == null || p == owner)) {
        recognized = p;
      }
    }
    if (recognized != null) {
      if (!ext.isEmpty() && owner != null && owner != recognized) {
        throw new DocumentParseException("'" + name + "' is named ." + ext + " but its content is "
            + article(recognized.format()) + " file; rename it to ." + preferredExtension(recognized)
            + " if that is what it is, or check where it came from");
      }
      return recognized;
    }
    if (startsWith(content, OLE2)) {
      throw new DocumentParseException("'" + name + "' is an OLE2 compound file: a password-protected (encrypted)"
          + " Office document or a legacy .doc/.xls/.ppt file. Remove the password or save it as .docx, .pdf or .odt");
    }
    if (startsWith(content, new byte[] {'P', 'K', 3, 4})) {
      throw new DocumentParseException("'" + name + "' is a ZIP archive that is neither a Word (.docx) nor an"
          + " OpenDocument text (.odt) file" + (owner != null && !owner.textual() ? " although it is named ." + ext
          + "; it may be damaged" : "") + ". Supported formats: " + formats());
    }
    if (owner != null && !owner.textual()) {
      throw new DocumentParseException("'" + name + "' is named ." + ext + " but does not have the signature of "
          + article(owner.format()) + " file (it starts with " + head(content) + "); it is mislabelled or damaged");
    }
    if (owner != null) {
      return owner;
    }
    // unknown or no extension: text (or HTML) if it decodes as text, which the text parser checks
    DocumentParser text = byExtension.get("");
    if (text != null) {
      String start = new String(content, 0, Math.min(content.length, 2048), StandardCharsets.ISO_8859_1);
      DocumentParser html = byExtension.get("html");
      return html != null && HtmlParser.looksLikeHtml(start) ? html : text;
    }
    throw new DocumentParseException("'" + name + "' is of no supported format. Supported formats: " + formats());
  }

  private static String preferredExtension(DocumentParser p) {
    return p.extensions().contains(p.format()) ? p.format() : new java.util.TreeSet<>(p.extensions()).first();
  }

  private String formats() {
    List<String> f = new ArrayList<>();
    for (DocumentParser p : parsers) {
      f.add(p.format());
    }
    return String.join(", ", f);
  }

  private static String article(String format) {
    String upper = format.toUpperCase(Locale.ROOT);
    return ("AEFHILMNORSX".indexOf(upper.charAt(0)) >= 0 ? "an " : "a ") + upper;
  }

  private static String head(byte[] content) {
    return HexFormat.ofDelimiter(" ").formatHex(content, 0, Math.min(8, content.length)).toUpperCase(Locale.ROOT);
  }

  private static boolean startsWith(byte[] content, byte[] prefix) {
    if (content.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (content[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String extension(String name) {
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    String base = name.substring(slash + 1);
    int dot = base.lastIndexOf('.');
    return dot <= 0 || dot == base.length() - 1 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
