package dev.modelkit.kb.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.kb.lucene.internal.Chunker;
import dev.modelkit.kb.lucene.internal.TextStructure;
import dev.modelkit.spi.DocumentParser.Section;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkingTest {

  private static int words(String s) {
    return s.isBlank() ? 0 : s.strip().split("\\s+").length;
  }

  @Test
  void chunksFollowSectionsAndRespectTheSizeAndOverlap() {
    StringBuilder long1 = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      long1.append("Sentence number ").append(i).append(" talks about limits. ");
      if (i % 7 == 6) {
        long1.append("\n\n");
      }
    }
    List<Section> sections = List.of(new Section(List.of("1 Scope"), 3, long1.toString()),
        new Section(List.of("1 Scope", "1.1 Terms"), 4, "Short section."));
    List<Chunker.Chunk> chunks = new Chunker(ChunkingTest::words, 30, 8).chunk(sections);
    assertTrue(chunks.size() >= 6, chunks.toString());
    for (int i = 0; i < chunks.size(); i++) {
      Chunker.Chunk c = chunks.get(i);
      assertEquals(i, c.index());
      assertTrue(words(c.text()) <= 30, c.text());
    }
    Chunker.Chunk last = chunks.get(chunks.size() - 1);
    assertEquals(List.of("1 Scope", "1.1 Terms"), last.path());
    assertEquals(4, last.page());
    assertEquals("Short section.", last.text());
    // consecutive chunks of a section share whole sentences
    String end = chunks.get(0).text().substring(chunks.get(0).text().lastIndexOf("Sentence"));
    assertTrue(chunks.get(1).text().startsWith(end), chunks.get(0).text() + " | " + chunks.get(1).text());
  }

  @Test
  void anOverlongSentenceIsCutAtWords() {
    String sentence = "word ".repeat(100).strip();
    List<Chunker.Chunk> chunks = new Chunker(ChunkingTest::words, 20, 0).chunk(List.of(new Section(List.of(), 0, sentence)));
    assertEquals(5, chunks.size());
    for (Chunker.Chunk c : chunks) {
      assertEquals(20, words(c.text()));
    }
  }

  @Test
  void plainTextHeadingsAreFound() {
    String text = """
                      Treasury Manual

        1. Introduction

           This manual describes payments.

          1.1. Cut-off times

           Wires close at 15:00.

        Approvals
        =========

        Two signatures are required.

        ## Exceptions

        None are allowed.
        """;
    TextStructure.Result r = TextStructure.parse(text);
    assertEquals("Treasury Manual", r.title());
    assertEquals(List.of("1. Introduction"), r.sections().get(0).path());
    assertEquals(List.of("1. Introduction", "1.1. Cut-off times"), r.sections().get(1).path());
    assertEquals("Wires close at 15:00.", r.sections().get(1).text());
    assertEquals(List.of("Approvals"), r.sections().get(2).path());
    assertEquals(List.of("Approvals", "Exceptions"), r.sections().get(3).path());
    TextStructure.Result plain = TextStructure.parse("Just a paragraph that ends here.\nAnd continues.");
    assertNull(plain.title());
    assertFalse(plain.sections().isEmpty());
    assertTrue(plain.sections().get(0).path().isEmpty());
  }
}
