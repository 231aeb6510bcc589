package dev.modelkit.kb.lucene;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.KnowledgeDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The known-item retrieval set: 226 sections of the Debian Developer's Reference and their titles as queries. */
final class DevrefCorpus {
  record Query(String text, String relevant) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private DevrefCorpus() {}

  static Path dir() {
    return Path.of(System.getProperty("modelkit.data"), "retrieval");
  }

  static List<KnowledgeDocument> documents() {
    List<KnowledgeDocument> out = new ArrayList<>();
    for (JsonNode n : lines(dir().resolve("devref_corpus.jsonl"))) {
      out.add(new KnowledgeDocument(n.get("id").asText(), null, n.get("text").asText(), DocumentType.PROCEDURE,
          "developers-reference", List.of(), null, null, null, null));
    }
    return out;
  }

  static List<Query> queries() {
    List<Query> out = new ArrayList<>();
    for (JsonNode n : lines(dir().resolve("devref_queries.jsonl"))) {
      out.add(new Query(n.get("query").asText(), n.get("relevant").get(0).asText()));
    }
    return out;
  }

  private static List<JsonNode> lines(Path file) {
    try {
      List<JsonNode> out = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
