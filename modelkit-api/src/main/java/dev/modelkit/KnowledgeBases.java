package dev.modelkit;

import dev.modelkit.knowledge.DocumentSummary;
import dev.modelkit.knowledge.IngestOptions;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.KnowledgeBaseStatistics;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.QualityMetrics;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchRequest;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Knowledge bases of the caller's organisation. Provided by a {@code KnowledgeStore}
 * ({@code dev.modelkit:modelkit-kb-lucene}); without one every call fails with {@link
 * ProviderNotFoundException}.
 *
 * <p>Rules every implementation follows:
 *
 * <ul>
 *   <li>Changes need {@code MANAGE_KNOWLEDGE}, reads need {@code READ}; otherwise {@link
 *       AccessDeniedException}.
 *   <li>A knowledge base of another organisation does not exist for the caller: {@link
 *       NotFoundException}.
 *   <li>Each document carries a classification and the roles and users allowed to read it ({@link
 *       dev.modelkit.knowledge.DocumentMetadata}). Search, listings, counts and quality figures only
 *       ever consider documents the caller may read; a document the caller may not read is
 *       reported as not found.
 *   <li>Batches never fail because of one bad document: it is reported in the {@link
 *       IngestReport} and the others are stored. Documents listed as ingested are durable when the
 *       call returns.
 * </ul>
 */
public interface KnowledgeBases {

  /**
   * Creates a knowledge base and ingests the documents. Needs {@code MANAGE_KNOWLEDGE}.
   *
   * @param organizationId must be the caller's
   * @param name its name, 1 to 200 characters; also the topic documents' relevance is scored
   *     against
   * @param documents initial documents; bad ones are left out (see {@link #addDocuments} for the
   *     report)
   * @return the knowledge base
   * @throws AccessDeniedException if the organisation is not the caller's
   */
  KnowledgeBase create(String organizationId, String name, List<KnowledgeDocument> documents);

  /**
   * Needs {@code READ}.
   *
   * @param knowledgeBaseId the id
   * @return the knowledge base, with counts and quality over the documents the caller may read
   * @throws NotFoundException if there is no such knowledge base in the caller's organisation
   */
  KnowledgeBase get(String knowledgeBaseId);

  /** @return the organisation's knowledge bases; needs {@code READ} */
  List<KnowledgeBase> list();

  /**
   * Deletes a knowledge base with its index. Needs {@code MANAGE_KNOWLEDGE}.
   *
   * @param knowledgeBaseId the knowledge base
   * @return whether it existed
   */
  boolean delete(String knowledgeBaseId);

  /**
   * Adds or replaces documents (by id). Needs {@code MANAGE_KNOWLEDGE}.
   *
   * @param knowledgeBaseId the knowledge base
   * @param documents the documents
   * @return what was stored and what was refused
   */
  IngestReport addDocuments(String knowledgeBaseId, List<KnowledgeDocument> documents);

  /**
   * Replaces an existing document. Needs {@code MANAGE_KNOWLEDGE}.
   *
   * @param knowledgeBaseId the knowledge base
   * @param document the new version; its id names the document replaced
   * @return the report; the document is in {@code failed} if its content was refused
   * @throws NotFoundException if the knowledge base or the document does not exist
   */
  IngestReport updateDocument(String knowledgeBaseId, KnowledgeDocument document);

  /**
   * Deletes a document. Needs {@code MANAGE_KNOWLEDGE}.
   *
   * @param knowledgeBaseId the knowledge base
   * @param documentId the document
   * @return whether it existed
   */
  boolean deleteDocument(String knowledgeBaseId, String documentId);

  /**
   * Parses files, detecting each one's format from its content and extension, and stores the
   * documents as policies with the default metadata. Needs {@code MANAGE_KNOWLEDGE}.
   *
   * @param knowledgeBaseId the knowledge base
   * @param files the files; each becomes one document (a CSV file one per row, by default) whose id
   *     is the file name
   * @return what was stored and, per file, what was refused and why
   */
  IngestReport ingestFiles(String knowledgeBaseId, List<Path> files);

  /**
   * Parses files, detecting each one's format, and stores the documents. Needs {@code
   * MANAGE_KNOWLEDGE}.
   *
   * @param knowledgeBaseId the knowledge base
   * @param files the files
   * @param options type, category, tags, access metadata and parser options for every document
   * @return what was stored and, per file, what was refused and why
   */
  IngestReport ingestFiles(String knowledgeBaseId, List<Path> files, IngestOptions options);

  /**
   * Parses one stream, detecting its format from its content and the name's extension, and
   * stores the document(s). The stream is read to its end (or to the size limit) but not closed.
   * Needs {@code MANAGE_KNOWLEDGE}.
   *
   * @param knowledgeBaseId the knowledge base
   * @param name the file name, for example {@code policy.pdf}; the document id
   * @param content the bytes
   * @param options type, category, tags, access metadata and parser options
   * @return what was stored, or why it was refused
   */
  IngestReport ingest(String knowledgeBaseId, String name, InputStream content, IngestOptions options);

  /**
   * Re-parses nothing but re-chunks, re-embeds and re-scores every stored document, for example
   * after the embedder or the chunking settings changed. Needs {@code MANAGE_KNOWLEDGE}.
   *
   * @param knowledgeBaseId the knowledge base
   * @return the documents re-indexed
   */
  IngestReport reindex(String knowledgeBaseId);

  /**
   * Searches chunks the caller may read. Needs {@code READ}.
   *
   * @param knowledgeBaseId the knowledge base
   * @param request the query
   * @return up to k hits, best first; k of them whenever k readable chunks match
   */
  List<SearchHit> search(String knowledgeBaseId, SearchRequest request);

  /**
   * Needs {@code READ}.
   *
   * @param knowledgeBaseId the knowledge base
   * @return figures over the documents the caller may read
   */
  KnowledgeBaseStatistics statistics(String knowledgeBaseId);

  /**
   * Needs {@code READ}.
   *
   * @param knowledgeBaseId the knowledge base
   * @return aggregate quality of the documents the caller may read
   */
  QualityMetrics qualityMetrics(String knowledgeBaseId);

  /**
   * Lists the documents the caller may read, ordered by id. Needs {@code READ}.
   *
   * @param knowledgeBaseId the knowledge base
   * @param offset how many to skip
   * @param limit the most to return, 1 to 10,000
   * @return the documents without their content
   */
  List<DocumentSummary> documents(String knowledgeBaseId, int offset, int limit);

  /**
   * Needs {@code READ}.
   *
   * @param knowledgeBaseId the knowledge base
   * @param documentId the document
   * @return the document with its content and computed quality
   * @throws NotFoundException if it does not exist or the caller may not read it
   */
  KnowledgeDocument document(String knowledgeBaseId, String documentId);
}
