package dev.modelkit.kb.lucene.internal;

import dev.modelkit.spi.DocumentParser.Section;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the headings of plain text so that chunks can follow its structure and cite a section.
 *
 * <p>Recognised: Markdown {@code #} headings, underlined (setext) headings, and lines that stand
 * alone between blank lines, are short, do not end like a sentence and are either numbered ({@code
 * 2.1. General rules}) or less indented than the text after them (the layout of text rendered
 * from HTML or man pages). Numbered headings take their level from the number's depth, others from
 * their indentation. A short first line standing alone is the title.
 */
public final class TextStructure {

  /** Sections and the title found. */
  public record Result(String title, List<Section> sections) {}

  private static final Pattern MARKDOWN = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern UNDERLINE = Pattern.compile("^\\s{0,3}(=+|-+|\\*+|~+|\\^+|\\++|#+)\\s*$");
  private static final Pattern NUMBERED = Pattern.compile("^\\s{0,6}((?:\\d+|[A-Z])(?:\\.\\d+)*)\\.?\\s+(\\p{Lu}.*)$");
  private static final int MAX_HEADING = 100;

  private TextStructure() {}

  /**
   * @param text plain text
   * @return its title (or null) and sections, paragraphs separated by blank lines
   */
  public static Result parse(String text) {
    String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    List<Section> sections = new ArrayList<>();
    Deque<Heading> stack = new ArrayDeque<>();
    List<Integer> headingIndents = headingIndents(lines);
    List<Character> underlines = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    String title = null;
    boolean paragraphOpen = false;
    int first = firstNonBlank(lines, 0);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (i == first && isTitle(lines, i)) {
        title = line.strip();
        continue;
      }
      Heading h = heading(lines, i, headingIndents, underlines);
      if (h != null) {
        flush(sections, stack, body);
        while (!stack.isEmpty() && stack.peek().level >= h.level) {
          stack.pop();
        }
        stack.push(h);
        paragraphOpen = false;
        if (h.underlined) {
          i++;
        }
        continue;
      }
      if (line.isBlank()) {
        paragraphOpen = false;
        continue;
      }
      if (!paragraphOpen && body.length() > 0) {
        body.append("\n\n");
      } else if (paragraphOpen) {
        body.append('\n');
      }
      body.append(line.strip());
      paragraphOpen = true;
    }
    flush(sections, stack, body);
    return new Result(title, sections);
  }

  private static void flush(List<Section> sections, Deque<Heading> stack, StringBuilder body) {
    if (body.length() == 0) {
      return;
    }
    List<String> path = new ArrayList<>();
    stack.descendingIterator().forEachRemaining(h -> path.add(h.text));
    sections.add(new Section(path, 0, body.toString()));
    body.setLength(0);
  }

  private record Heading(int level, String text, boolean underlined) {}

  private static Heading heading(String[] lines, int i, List<Integer> headingIndents, List<Character> underlines) {
    String line = lines[i];
    if (line.isBlank()) {
      return null;
    }
    Matcher md = MARKDOWN.matcher(line);
    if (md.matches()) {
      return new Heading(md.group(1).length(), md.group(2).strip(), false);
    }
    if (i + 1 < lines.length && UNDERLINE.matcher(lines[i + 1]).matches() && lines[i + 1].strip().length() >= 3
        && standsAlone(lines, i, true) && line.strip().length() <= MAX_HEADING) {
      // reStructuredText: levels follow the order in which underline characters first appear
      char u = lines[i + 1].strip().charAt(0);
      if (!underlines.contains(u)) {
        underlines.add(u);
      }
      return new Heading(underlines.indexOf(u) + 1, line.strip(), true);
    }
    if (!standsAlone(lines, i, false) || !headingLike(line)) {
      return null;
    }
    Matcher num = NUMBERED.matcher(line);
    if (num.matches() && !line.strip().endsWith(":")) {
      int depth = num.group(1).split("\\.").length;
      return new Heading(depth, line.strip(), false);
    }
    int next = firstNonBlank(lines, i + 1);
    if (next >= 0 && indent(line) < indent(lines[next])) {
      int rank = headingIndents.indexOf(indent(line));
      return new Heading(1 + Math.max(rank, 0), line.strip(), false);
    }
    return null;
  }

  private static List<Integer> headingIndents(String[] lines) {
    java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].isBlank() && standsAlone(lines, i, false) && headingLike(lines[i])) {
        int next = firstNonBlank(lines, i + 1);
        if (next >= 0 && indent(lines[i]) < indent(lines[next])) {
          set.add(indent(lines[i]));
        }
      }
    }
    return new ArrayList<>(set);
  }

  private static boolean headingLike(String line) {
    String s = line.strip();
    if (s.length() < 2 || s.length() > MAX_HEADING) {
      return false;
    }
    char last = s.charAt(s.length() - 1);
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!') {
      return false;
    }
    int k = 0;
    while (k < s.length() - 1 && "\"'“‘(".indexOf(s.charAt(k)) >= 0) {
      k++;
    }
    char c = s.charAt(k);
    return Character.isUpperCase(c) || Character.isDigit(c);
  }

  private static boolean standsAlone(String[] lines, int i, boolean underlined) {
    boolean before = i == 0 || lines[i - 1].isBlank();
    int after = underlined ? i + 2 : i + 1;
    boolean afterBlank = after >= lines.length || lines[after].isBlank()
        || underlined;
    return before && afterBlank;
  }

  private static boolean isTitle(String[] lines, int i) {
    String s = lines[i].strip();
    int next = firstNonBlank(lines, i + 1);
    return next > i + 1 && s.length() <= MAX_HEADING && !s.endsWith(".") && !s.endsWith(",")
        && !MARKDOWN.matcher(lines[i]).matches() && !NUMBERED.matcher(lines[i]).matches()
        && indent(lines[i]) >= indent(lines[next]);
  }

  private static int firstNonBlank(String[] lines, int from) {
    for (int i = from; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        return i;
      }
    }
    return -1;
  }

  private static int indent(String line) {
    int width = 0;
    for (int i = 0; i < line.length() && width <= 200; i++) {
      char c = line.charAt(i);
      if (c == ' ') {
        width++;
      } else if (c == '\t') {
        width += 4;
      } else {
        break;
      }
    }
    return width;
  }
}
