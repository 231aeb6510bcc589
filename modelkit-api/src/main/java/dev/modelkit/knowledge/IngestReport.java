package dev.modelkit.knowledge;

import java.util.List;
import java.util.Map;

/**
 * What a batch ingestion did: the documents stored and, for each one refused, why. A document
 * listed in {@link #ingested()} is acknowledged: it is durable (committed to the index) when the
 * call returns and survives the process being killed right after.
 *
 * @param ingested ids of documents stored
 * @param failed document id or file name to the reason it was refused (naming the file, what was
 *     wrong and what to do)
 * @param heldBack ids of stored documents kept out of search because their quality score is under
 *     the knowledge base's minimum or they were rejected in review
 * @param indexVersion the knowledge base's index version after the batch
 */
public record IngestReport(List<String> ingested, Map<String, String> failed, List<String> heldBack, long indexVersion) {
  /** Copies the collections. */
  public IngestReport {
    ingested = List.copyOf(ingested);
    failed = Map.copyOf(failed);
    heldBack = List.copyOf(heldBack);
  }
}
