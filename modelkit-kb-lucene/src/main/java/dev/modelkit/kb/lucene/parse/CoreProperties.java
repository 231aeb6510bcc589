package dev.modelkit.kb.lucene.parse;

import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads title, author and modification date from an Office or OpenDocument metadata part
 * ({@code docProps/core.xml}, {@code meta.xml}). Unreadable metadata is ignored: it never costs a
 * document its text.
 */
final class CoreProperties {
  private CoreProperties() {}

  static Map<String, String> read(String file, byte[] xml) {
    Map<String, String> props = new HashMap<>();
    if (xml == null) {
      return props;
    }
    try {
      XMLStreamReader r = SafeXml.reader(file, "metadata", ZipGuard.stream(xml));
      String element = null;
      StringBuilder text = new StringBuilder();
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          element = r.getLocalName();
          text.setLength(0);
        } else if (event == XMLStreamConstants.CHARACTERS && element != null) {
          text.append(r.getText());
        } else if (event == XMLStreamConstants.END_ELEMENT && element != null) {
          String value = text.toString().strip();
          if (!value.isEmpty()) {
            switch (element) {
              case "title" -> props.put("title", value);
              case "creator", "initial-creator" -> props.putIfAbsent("author", value);
              case "modified", "date" -> props.put("lastModified", value);
              default -> { }
            }
          }
          element = null;
        }
      }
    } catch (XMLStreamException | RuntimeException e) {
      return new HashMap<>();
    }
    return props;
  }
}
