package dev.modelkit.kb.lucene.parse;

import dev.modelkit.spi.DocumentParseException;
import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * StAX readers with DTDs and external entities switched off: an XML part of a hostile document
 * can neither read local files (XXE) nor expand entities without bound (billion laughs).
 */
final class SafeXml {
  private static final XMLInputFactory FACTORY = create();

  private SafeXml() {}

  private static XMLInputFactory create() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  static XMLStreamReader reader(String file, String part, InputStream in) {
    try {
      synchronized (FACTORY) {
        return FACTORY.createXMLStreamReader(in);
      }
    } catch (XMLStreamException e) {
      throw invalid(file, part, e);
    }
  }

  static DocumentParseException invalid(String file, String part, Exception e) {
    return new DocumentParseException("'" + file + "' has a malformed XML part " + part + " (" + e.getMessage()
        + "); the file is corrupt or truncated. Re-save it from its editor", e);
  }
}
