package dev.modelkit.knowledge;

import java.time.Instant;

/**
 * A knowledge base: its identity, size, embedding set-up and quality.
 *
 * @param id the knowledge base id
 * @param name name
 * @param organizationId owning organisation
 * @param documentCount documents stored
 * @param chunkCount searchable chunks
 * @param embeddingModel name of the embedder, for example {@code all-minilm-l6-v2}
 * @param dimensions vector dimensions
 * @param qualityMetrics aggregate quality
 * @param indexVersion incremented by every change
 * @param createdAt creation time
 * @param updatedAt last change
 */
public record KnowledgeBase(
    String id, String name, String organizationId, long documentCount, long chunkCount,
    String embeddingModel, int dimensions, QualityMetrics qualityMetrics, long indexVersion,
    Instant createdAt, Instant updatedAt) {}
