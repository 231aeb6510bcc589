package dev.modelkit.knowledge;

/**
 * One search result: a chunk of a document the caller may read.
 *
 * @param documentId the document
 * @param title its title
 * @param section the section path of the chunk, for example {@code 5 > 5.2 Uploads}
 * @param page the page number, 0 when the format has none
 * @param score the ranking score
 * @param passage the chunk's text with matches highlighted
 */
public record SearchHit(String documentId, String title, String section, int page, double score, String passage) {}
