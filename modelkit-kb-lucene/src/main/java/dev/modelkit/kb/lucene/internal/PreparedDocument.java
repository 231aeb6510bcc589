package dev.modelkit.kb.lucene.internal;

import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.spi.DocumentParser.Section;
import java.time.Instant;
import java.util.List;

/**
 * A document ready to be written: validated, chunked, embedded, scored and checked for near
 * duplicates.
 *
 * @param document the document with its computed quality and normalised classification
 * @param format where it came from ({@code pdf}, ... or {@code text})
 * @param sections its structure; stored so that re-indexing keeps headings and pages
 * @param chunks its chunks
 * @param vectors one unit vector per chunk
 * @param vectorKeys per chunk, the content hash of its embedding input (equal text, equal vector)
 * @param minhash its MinHash signature
 * @param nearDuplicateOf the earlier document it nearly duplicates, or null
 * @param heldBack whether it is kept out of search
 * @param indexedAt when it was prepared
 * @param version 1 for a new document, else the stored version plus one
 * @param contentHash SHA-256 of the content, hex
 */
public record PreparedDocument(
    KnowledgeDocument document, String format, List<Section> sections, List<Chunker.Chunk> chunks,
    List<float[]> vectors, List<String> vectorKeys, long[] minhash, String nearDuplicateOf, boolean heldBack, Instant indexedAt,
    long version, String contentHash) {}
