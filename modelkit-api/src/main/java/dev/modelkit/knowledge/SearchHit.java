package dev.modelkit.knowledge;

/**
 * One search result: a chunk of a document the caller may read, with what a citation needs.
 *
 * @param documentId the document
 * @param title its title
 * @param section the section path of the chunk, for example {@code 5 Control files > 5.2 Source};
 *     empty when the document has no headings
 * @param page the page number (1-based), 0 when the format has no pages
 * @param score the score of the hit's document in the ranking that placed it: BM25 of the whole
 *     document for lexical search, a similarity between 0 and 1 (best chunk and document centroid)
 *     for vector search, the fused reciprocal-rank score for hybrid search; only comparable within
 *     one result list
 * @param passage the best sentences of the chunk with the query's terms wrapped in {@code
 *     <em>...</em>}; the text is HTML-escaped, so it can be shown in a page as is
 */
public record SearchHit(String documentId, String title, String section, int page, double score, String passage) {}
