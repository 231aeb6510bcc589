package dev.modelkit.knowledge;

import java.time.Instant;
import java.util.Map;

/**
 * Figures of a knowledge base, computed over the documents the caller may read (so that they
 * reveal nothing about the others).
 *
 * @param knowledgeBaseId the knowledge base
 * @param documentCount documents
 * @param chunkCount searchable chunks of those documents (held-back documents excluded)
 * @param heldBack documents kept out of search
 * @param nearDuplicates documents flagged as near duplicates of another
 * @param documentsByType document count per type wire name
 * @param documentsByFormat document count per source format ({@code pdf}, {@code docx}, {@code
 *     text} for documents given as text ...)
 * @param documentsByClassification document count per classification
 * @param embeddingModel the embedder's name
 * @param dimensions vector dimensions
 * @param quantized whether vectors are stored scalar-quantized
 * @param indexVersion incremented by every change
 * @param updatedAt the last change
 */
public record KnowledgeBaseStatistics(
    String knowledgeBaseId, long documentCount, long chunkCount, long heldBack, long nearDuplicates,
    Map<String, Long> documentsByType, Map<String, Long> documentsByFormat,
    Map<String, Long> documentsByClassification, String embeddingModel, int dimensions, boolean quantized,
    long indexVersion, Instant updatedAt) {

  /** Copies the maps. */
  public KnowledgeBaseStatistics {
    documentsByType = Map.copyOf(documentsByType);
    documentsByFormat = Map.copyOf(documentsByFormat);
    documentsByClassification = Map.copyOf(documentsByClassification);
  }
}
