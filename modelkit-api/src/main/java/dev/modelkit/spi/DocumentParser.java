package dev.modelkit.spi;

import dev.modelkit.config.Checks;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the bytes of one file into text documents with their structure (title, section headings,
 * page numbers) for citations. Found with {@link java.util.ServiceLoader}.
 *
 * <p>Format detection: a knowledge store first asks every parser whether it {@link
 * #recognizes(byte[])} the content by its magic bytes. A file whose extension belongs to another
 * parser than the one that recognised it is refused as mislabelled. When no parser recognises the
 * content and it is text, the {@link #textual()} parser owning the extension parses it.
 *
 * <p>Parsers must treat input as hostile: respect the {@link Limits}, never resolve external XML
 * entities, and report every problem as a {@link DocumentParseException}. A knowledge store runs
 * each parse under a time limit.
 */
public interface DocumentParser {

  /** @return the format's short name, for example {@code pdf}; the lowest-level format wins ties */
  String format();

  /** @return file extensions of the format, lower case without the dot */
  Set<String> extensions();

  /**
   * @param content the whole file
   * @return whether the content is of this format by its signature; text formats without a
   *     signature answer false
   */
  boolean recognizes(byte[] content);

  /** @return whether the format is plain text (chosen by extension when no signature matches) */
  default boolean textual() {
    return false;
  }

  /**
   * @param input the file and the options
   * @return the documents in the file, usually one (a CSV file may hold one per row)
   * @throws DocumentParseException if the file cannot be read, naming it and the fix
   */
  List<Parsed> parse(Input input);

  /**
   * Limits a parser enforces on one file.
   *
   * @param maxBytes the largest file accepted
   * @param maxChars the most characters of text extracted from one file
   * @param maxUncompressedBytes the most bytes inflated from a compressed container (DOCX, ODT)
   * @param maxCompressionRatio the largest ratio of inflated to compressed bytes of any entry
   * @param maxEntries the most entries in a compressed container
   */
  record Limits(long maxBytes, long maxChars, long maxUncompressedBytes, double maxCompressionRatio, int maxEntries) {

    /**
     * Validates.
     *
     * @throws dev.modelkit.ConfigurationException if a limit is not positive
     */
    public Limits {
      Checks c = new Checks("DocumentParser.Limits");
      c.check(maxBytes > 0, "maxBytes", maxBytes, "be greater than 0");
      c.check(maxChars > 0, "maxChars", maxChars, "be greater than 0");
      c.check(maxUncompressedBytes > 0, "maxUncompressedBytes", maxUncompressedBytes, "be greater than 0");
      c.check(maxCompressionRatio >= 1, "maxCompressionRatio", maxCompressionRatio, "be at least 1");
      c.check(maxEntries > 0, "maxEntries", maxEntries, "be greater than 0");
      c.throwIfAny();
    }

    /**
     * @return 64 MB files, 10 million characters, 256 MB inflated, ratio 100, 10,000 entries
     */
    public static Limits defaults() {
      return new Limits(64L << 20, 10_000_000L, 256L << 20, 100, 10_000);
    }
  }

  /**
   * One file to parse. (A class rather than a record: it carries raw bytes, which are not
   * configuration and have no JSON form.)
   */
  final class Input {
    private final String name;
    private final byte[] content;
    private final Map<String, String> options;
    private final Limits limits;

    /**
     * @param name the file name, used in messages and to derive ids
     * @param content the whole file; not copied, parsers must not modify it
     * @param options parser options, see {@code dev.modelkit.knowledge.IngestOptions}
     * @param limits limits to enforce; the defaults when null
     */
    public Input(String name, byte[] content, Map<String, String> options, Limits limits) {
      this.name = java.util.Objects.requireNonNull(name, "name");
      this.content = java.util.Objects.requireNonNull(content, "content");
      this.options = options == null ? Map.of() : Map.copyOf(options);
      this.limits = limits == null ? Limits.defaults() : limits;
    }

    /** @return the file name */
    public String name() {
      return name;
    }

    /** @return the whole file */
    public byte[] content() {
      return content;
    }

    /** @return parser options */
    public Map<String, String> options() {
      return options;
    }

    /** @return the limits to enforce */
    public Limits limits() {
      return limits;
    }
  }

  /**
   * One document found in a file.
   *
   * @param idSuffix null for the file's only document, else what tells it apart from the other
   *     documents of the file (for example {@code row-12}); the document id is the file name plus
   *     {@code #} and the suffix
   * @param title the document's title, or null to use the file name
   * @param sections the text in reading order
   * @param properties what the file says about itself: {@code author}, {@code lastModified}
   *     (ISO-8601), {@code pages}, {@code charset} ...
   */
  record Parsed(String idSuffix, String title, List<Section> sections, Map<String, String> properties) {
    /** Copies the collections. */
    public Parsed {
      sections = List.copyOf(sections);
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** @return the total number of characters of text */
    public long characters() {
      long n = 0;
      for (Section s : sections) {
        n += s.text().length();
      }
      return n;
    }
  }

  /**
   * A run of text under one heading, on one page.
   *
   * @param path the headings above the text, outermost first; empty before the first heading
   * @param page the 1-based page, 0 when the format has no pages
   * @param text the text, paragraphs separated by blank lines
   */
  record Section(List<String> path, int page, String text) {
    /** Copies the path. */
    public Section {
      path = List.copyOf(path);
    }
  }
}
