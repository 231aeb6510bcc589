package dev.modelkit.kb.lucene.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * MinHash signatures of documents' word 5-grams (single words for texts under 20 words), for
 * near-duplicate detection. 128 hash functions are split into 16 bands of 8 for locality-sensitive
 * lookup: two documents whose shingle sets have Jaccard similarity 0.9 share a band with
 * probability above 0.999, at 0.5 with about 0.06. The seeds are fixed so signatures stay
 * comparable across restarts.
 */
public final class MinHash {
  /** Hash functions per signature. */
  public static final int SIZE = 128;
  private static final int BANDS = 16;
  private static final int ROWS = SIZE / BANDS;
  private static final long[] SEEDS = seeds();

  private MinHash() {}

  private static long[] seeds() {
    SplittableRandom r = new SplittableRandom(0x4D696E48617368L);
    long[] s = new long[SIZE];
    for (int i = 0; i < SIZE; i++) {
      s[i] = r.nextLong();
    }
    return s;
  }

  /**
   * @param text a document's text
   * @return its signature
   */
  public static long[] signature(String text) {
    String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    List<String> w = new ArrayList<>(words.length);
    for (String s : words) {
      if (!s.isEmpty()) {
        w.add(s);
      }
    }
    long[] sig = new long[SIZE];
    java.util.Arrays.fill(sig, Long.MAX_VALUE);
    int k = w.size() >= 20 ? 5 : 1;
    for (int i = 0; i + k <= w.size(); i++) {
      long h = 0xcbf29ce484222325L;
      for (int j = i; j < i + k; j++) {
        String word = w.get(j);
        for (int c = 0; c < word.length(); c++) {
          h = (h ^ word.charAt(c)) * 0x100000001b3L;
        }
        h = (h ^ ' ') * 0x100000001b3L;
      }
      for (int f = 0; f < SIZE; f++) {
        long v = mix(h ^ SEEDS[f]);
        if (v < sig[f]) {
          sig[f] = v;
        }
      }
    }
    return sig;
  }

  /**
   * The words of a document in reading order, headings included where they start, so that two
   * renderings of one document (say text and Word) compare alike whichever way their parsers
   * told headings from body text.
   *
   * @param sections the document's sections
   * @return its text with headings
   */
  public static String textWithHeadings(List<dev.modelkit.spi.DocumentParser.Section> sections) {
    StringBuilder sb = new StringBuilder();
    List<String> previous = List.of();
    for (var s : sections) {
      for (int i = 0; i < s.path().size(); i++) {
        if (i >= previous.size() || !previous.get(i).equals(s.path().get(i))) {
          sb.append(s.path().get(i)).append('\n');
        }
      }
      previous = s.path();
      sb.append(s.text()).append('\n');
    }
    return sb.toString();
  }

  /**
   * @param a a signature
   * @param b another
   * @return the estimated Jaccard similarity of the two shingle sets
   */
  public static double similarity(long[] a, long[] b) {
    if (a.length != SIZE || b.length != SIZE) {
      return 0;
    }
    int same = 0;
    for (int i = 0; i < SIZE; i++) {
      if (a[i] == b[i] && a[i] != Long.MAX_VALUE) {
        same++;
      }
    }
    return same / (double) SIZE;
  }

  /**
   * @param sig a signature
   * @return its band keys, indexed so that candidates are found with a term lookup
   */
  public static List<String> bands(long[] sig) {
    List<String> out = new ArrayList<>(BANDS);
    for (int b = 0; b < BANDS; b++) {
      long h = b;
      for (int r = 0; r < ROWS; r++) {
        h = mix(h * 31 + sig[b * ROWS + r]);
      }
      out.add(b + ":" + Long.toHexString(h));
    }
    return out;
  }

  /** The finaliser of SplitMix64: a fast, well-mixing 64-bit permutation. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
