package dev.modelkit.kb.lucene.internal;

import dev.modelkit.spi.DocumentParser.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Splits a document's sections into chunks that fit the embedder's input, following the structure:
 * a chunk never spans two sections (so it has one section path and one page), ends at a sentence
 * boundary, and keeps paragraphs apart; consecutive chunks of a section share up to {@code
 * overlapTokens} tokens of whole sentences so that a passage cut at a boundary is still found.
 * Sentences longer than a chunk are cut at word boundaries.
 */
public final class Chunker {

  /**
   * One chunk.
   *
   * @param index 0-based position in the document
   * @param path the section path
   * @param page the page, 0 if none
   * @param text the text, paragraphs separated by blank lines
   */
  public record Chunk(int index, List<String> path, int page, String text) {}

  private static final Pattern PARAGRAPHS = Pattern.compile("\\n\\s*\\n");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?:;])\\s+(?=[\\p{Lu}\\p{N}\"'(\\[*\\-•])|\\n(?=\\s*(?:[-*•]|\\d+[.)])\\s)");

  private final ToIntFunction<String> tokens;
  private final int capacity;
  private final int overlap;

  /**
   * @param tokens counts the tokens of a piece of text, without special tokens
   * @param capacity most tokens of text in one chunk
   * @param overlap most tokens repeated from the end of the previous chunk
   * @throws IllegalArgumentException if capacity is below 16 or overlap is not below half of it
   */
  public Chunker(ToIntFunction<String> tokens, int capacity, int overlap) {
    if (capacity < 16) {
      throw new IllegalArgumentException("chunk capacity was " + capacity + " tokens but it must be at least 16");
    }
    if (overlap < 0 || overlap * 2 > capacity) {
      throw new IllegalArgumentException("chunk overlap was " + overlap + " tokens but it must be between 0 and "
          + capacity / 2 + " (half the chunk size)");
    }
    this.tokens = tokens;
    this.capacity = capacity;
    this.overlap = overlap;
  }

  /**
   * @param sections the document's sections in reading order
   * @return its chunks, numbered from 0
   */
  public List<Chunk> chunk(List<Section> sections) {
    return chunk(sections, s -> 0);
  }

  /**
   * @param sections the document's sections in reading order
   * @param reserved tokens of a section's chunks taken by something else (a context header), so
   *     its chunks hold that much less text
   * @return its chunks, numbered from 0
   */
  public List<Chunk> chunk(List<Section> sections, ToIntFunction<Section> reserved) {
    List<Chunk> out = new ArrayList<>();
    for (Section s : sections) {
      int cap = Math.max(16, capacity - Math.max(0, reserved.applyAsInt(s)));
      chunkSection(s, out, cap, Math.min(overlap, cap / 2));
    }
    return out;
  }

  private record Unit(String text, int tokens, boolean startsParagraph) {}

  private void chunkSection(Section section, List<Chunk> out, int capacity, int overlap) {
    List<Unit> current = new ArrayList<>();
    int used = 0;
    int fresh = 0;
    for (Unit u : units(section.text(), capacity)) {
      if (!current.isEmpty() && used + u.tokens > capacity) {
        out.add(new Chunk(out.size(), section.path(), section.page(), join(current)));
        current = tail(current, overlap);
        used = sum(current);
        fresh = 0;
        if (used + u.tokens > capacity) {
          current.clear();
          used = 0;
        }
      }
      current.add(u);
      used += u.tokens;
      fresh++;
    }
    if (fresh > 0) {
      out.add(new Chunk(out.size(), section.path(), section.page(), join(current)));
    }
  }

  private static List<Unit> tail(List<Unit> chunk, int overlap) {
    List<Unit> carried = new ArrayList<>();
    int n = 0;
    for (int i = chunk.size() - 1; i > 0; i--) {
      Unit u = chunk.get(i);
      if (n + u.tokens > overlap) {
        break;
      }
      carried.add(0, u);
      n += u.tokens;
    }
    return carried;
  }

  private List<Unit> units(String text, int capacity) {
    List<Unit> units = new ArrayList<>();
    for (String paragraph : PARAGRAPHS.split(text.strip())) {
      String p = paragraph.strip();
      if (p.isEmpty()) {
        continue;
      }
      boolean first = true;
      int pt = tokens.applyAsInt(p);
      List<String> sentences = pt <= capacity ? List.of(p) : List.of(SENTENCE_END.split(p));
      for (String sentence : sentences) {
        String s = sentence.strip();
        if (s.isEmpty()) {
          continue;
        }
        int st = sentences.size() == 1 ? pt : tokens.applyAsInt(s);
        if (st <= capacity) {
          units.add(new Unit(s, st, first));
        } else {
          for (String piece : words(s, capacity)) {
            units.add(new Unit(piece, tokens.applyAsInt(piece), first));
            first = false;
          }
        }
        first = false;
      }
    }
    return units;
  }

  /** Cuts an over-long sentence into pieces of at most the capacity, at spaces. */
  private List<String> words(String sentence, int capacity) {
    List<String> pieces = new ArrayList<>();
    String[] words = sentence.split("\\s+");
    StringBuilder piece = new StringBuilder();
    int used = 0;
    for (String w : words) {
      int wt = Math.max(1, tokens.applyAsInt(w));
      if (wt > capacity) {
        // a "word" longer than a chunk (a URL, base64, a table row without spaces) is cut by length
        flushPiece(pieces, piece);
        used = 0;
        int step = Math.max(8, w.length() * capacity / wt / 2);
        for (int i = 0; i < w.length(); i += step) {
          pieces.add(w.substring(i, Math.min(w.length(), i + step)));
        }
        continue;
      }
      if (used + wt > capacity && piece.length() > 0) {
        flushPiece(pieces, piece);
        used = 0;
      }
      if (piece.length() > 0) {
        piece.append(' ');
      }
      piece.append(w);
      used += wt;
    }
    flushPiece(pieces, piece);
    return pieces;
  }

  private static void flushPiece(List<String> pieces, StringBuilder piece) {
    if (piece.length() > 0) {
      pieces.add(piece.toString());
      piece.setLength(0);
    }
  }

  private static String join(List<Unit> units) {
    StringBuilder sb = new StringBuilder();
    for (Unit u : units) {
      if (sb.length() > 0) {
        sb.append(u.startsParagraph ? "\n\n" : " ");
      }
      sb.append(u.text);
    }
    return sb.toString();
  }

  private static int sum(List<Unit> units) {
    int n = 0;
    for (Unit u : units) {
      n += u.tokens;
    }
    return n;
  }
}
