package dev.modelkit.kb.lucene.parse;

import dev.modelkit.spi.DocumentParseException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * Decodes the bytes of a text file: a byte-order mark decides (UTF-8, UTF-16, UTF-32); without
 * one, UTF-16 is recognised by its zero bytes, valid UTF-8 is UTF-8, and anything else is the
 * configured fallback (windows-1252 by default, which maps every byte). Content that decodes to
 * control characters is refused as binary.
 */
final class TextDecoder {

  /** What was decoded and how. */
  record Decoded(String text, String charset) {}

  private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
  private static final Charset UTF_32LE = Charset.forName("UTF-32LE");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private TextDecoder() {}

  /**
   * @param file the file name, for messages
   * @param bytes the content
   * @param fallback charset name to use when the bytes are not UTF, or null for windows-1252
   * @return the text without any byte-order mark
   * @throws DocumentParseException if the content is binary or the fallback charset is unknown
   */
  static Decoded decode(String file, byte[] bytes, String fallback) {
    Decoded d = decodeUnchecked(file, bytes, fallback);
    if (looksBinary(d.text())) {
      throw new DocumentParseException("'" + file + "' is not a text file: it decodes (as " + d.charset()
          + ") to control characters, so it is binary content of an unsupported format or mislabelled;"
          + " check the file or give it the extension of its real format");
    }
    return d;
  }

  private static Decoded decodeUnchecked(String file, byte[] b, String fallback) {
    int n = b.length;
    if (n >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xFF) == 0xFE && (b[3] & 0xFF) == 0xFF) {
      return new Decoded(strict(file, b, 4, UTF_32BE), "UTF-32BE");
    }
    if (n >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE && b[2] == 0 && b[3] == 0) {
      return new Decoded(strict(file, b, 4, UTF_32LE), "UTF-32LE");
    }
    if (n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
      return new Decoded(strict(file, b, 3, StandardCharsets.UTF_8), "UTF-8 (BOM)");
    }
    if (n >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
      return new Decoded(strict(file, b, 2, StandardCharsets.UTF_16BE), "UTF-16BE (BOM)");
    }
    if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
      return new Decoded(strict(file, b, 2, StandardCharsets.UTF_16LE), "UTF-16LE (BOM)");
    }
    Charset utf16 = utf16WithoutBom(b);
    if (utf16 != null) {
      return new Decoded(strict(file, b, 0, utf16), utf16.name());
    }
    try {
      return new Decoded(decodeStrictly(b, 0, StandardCharsets.UTF_8), "UTF-8");
    } catch (CharacterCodingException notUtf8) {
      Charset cs = fallbackCharset(file, fallback);
      return new Decoded(new String(b, cs), cs.name());
    }
  }

  private static Charset fallbackCharset(String file, String name) {
    if (name == null || name.isBlank()) {
      return WINDOWS_1252;
    }
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new DocumentParseException("The parser option text.charset was '" + name + "' for '" + file
          + "' but it must name a charset this JVM supports, for example windows-1252 or ISO-8859-15", e);
    }
  }

  /** UTF-16 text of Latin script has a zero in every other byte. */
  private static Charset utf16WithoutBom(byte[] b) {
    int sample = Math.min(b.length, 4096) & ~1;
    if (sample < 4) {
      return null;
    }
    int evenZeros = 0;
    int oddZeros = 0;
    for (int i = 0; i < sample; i += 2) {
      if (b[i] == 0) {
        evenZeros++;
      }
      if (b[i + 1] == 0) {
        oddZeros++;
      }
    }
    int pairs = sample / 2;
    if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) {
      return StandardCharsets.UTF_16LE;
    }
    if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) {
      return StandardCharsets.UTF_16BE;
    }
    return null;
  }

  private static String strict(String file, byte[] b, int offset, Charset cs) {
    try {
      return decodeStrictly(b, offset, cs);
    } catch (CharacterCodingException e) {
      throw new DocumentParseException("'" + file + "' starts with a " + cs.name()
          + " byte-order mark but is not valid " + cs.name() + " (truncated or corrupt); re-save it as UTF-8", e);
    }
  }

  private static String decodeStrictly(byte[] b, int offset, Charset cs) throws CharacterCodingException {
    CharBuffer chars = cs.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(b, offset, b.length - offset));
    return chars.toString();
  }

  /** More than 2% of the first characters are C0 controls other than tab, newlines and form feed. */
  static boolean looksBinary(String text) {
    int sample = Math.min(text.length(), 8192);
    if (sample == 0) {
      return false;
    }
    int controls = 0;
    for (int i = 0; i < sample; i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
        controls++;
      }
    }
    return controls > sample * 0.02;
  }
}
