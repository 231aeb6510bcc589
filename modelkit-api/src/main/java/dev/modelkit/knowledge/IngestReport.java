package dev.modelkit.knowledge;

import java.util.List;
import java.util.Map;

/**
 * What a batch ingestion did: the documents stored and, for each one refused, why.
 *
 * @param ingested ids of documents stored
 * @param failed document id or file name to the reason it was refused
 * @param indexVersion the knowledge base's index version after the batch
 */
public record IngestReport(List<String> ingested, Map<String, String> failed, long indexVersion) {
  /** Copies the collections. */
  public IngestReport {
    ingested = List.copyOf(ingested);
    failed = Map.copyOf(failed);
  }
}
