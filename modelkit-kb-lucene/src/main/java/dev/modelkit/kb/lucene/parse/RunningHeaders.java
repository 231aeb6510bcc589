package dev.modelkit.kb.lucene.parse;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Running headers and footers of a paginated document (the book title and the page number on
 * every page): lines among the first and last two of a page that recur, numbers aside, on at least
 * a fifth of the pages. They are dropped so that they neither fill chunks nor match queries.
 */
final class RunningHeaders {
  private static final int EDGE = 2;
  private final Set<String> boilerplate;

  private RunningHeaders(Set<String> boilerplate) {
    this.boilerplate = boilerplate;
  }

  static RunningHeaders of(List<String> pages) {
    Map<String, Integer> counts = new HashMap<>();
    for (String page : pages) {
      Set<String> seen = new HashSet<>();
      for (String line : edges(page.split("\n"))) {
        if (seen.add(key(line))) {
          counts.merge(key(line), 1, Integer::sum);
        }
      }
    }
    int threshold = Math.max(3, pages.size() / 5);
    Set<String> bp = new HashSet<>();
    counts.forEach((k, n) -> {
      if (n >= threshold && !k.isEmpty()) {
        bp.add(k);
      }
    });
    return new RunningHeaders(bp);
  }

  String strip(String page) {
    if (boilerplate.isEmpty()) {
      return page;
    }
    String[] lines = page.split("\n", -1);
    int[] nonBlank = nonBlankIndexes(lines);
    Set<Integer> drop = new HashSet<>();
    for (int j = 0; j < nonBlank.length; j++) {
      if ((j < EDGE || j >= nonBlank.length - EDGE) && boilerplate.contains(key(lines[nonBlank[j]]))) {
        drop.add(nonBlank[j]);
      }
    }
    if (drop.isEmpty()) {
      return page;
    }
    StringBuilder sb = new StringBuilder(page.length());
    for (int i = 0; i < lines.length; i++) {
      if (!drop.contains(i)) {
        sb.append(lines[i]).append('\n');
      }
    }
    return sb.toString();
  }

  private static List<String> edges(String[] lines) {
    int[] nb = nonBlankIndexes(lines);
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (int j = 0; j < nb.length; j++) {
      if (j < EDGE || j >= nb.length - EDGE) {
        out.add(lines[nb[j]]);
      }
    }
    return out;
  }

  private static int[] nonBlankIndexes(String[] lines) {
    int n = 0;
    for (String l : lines) {
      if (!l.isBlank()) {
        n++;
      }
    }
    int[] idx = new int[n];
    int k = 0;
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        idx[k++] = i;
      }
    }
    return idx;
  }

  /** Numbers (page numbers, chapter numbers) and spacing aside. */
  private static String key(String line) {
    return line.replaceAll("\\d+", "#").replaceAll("\\s+", " ").strip();
  }
}
