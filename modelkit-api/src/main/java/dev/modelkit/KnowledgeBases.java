package dev.modelkit;

import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchRequest;
import java.util.List;

/**
 * Knowledge bases of the caller's organisation. Provided by a {@code KnowledgeStore}
 * ({@code dev.modelkit:modelkit-kb-lucene}); without one every call fails with {@link
 * ProviderNotFoundException}.
 */
public interface KnowledgeBases {

  /**
   * Creates a knowledge base and ingests the documents. Needs {@code MANAGE_KNOWLEDGE}.
   *
   * @param organizationId must be the caller's
   * @param name its name
   * @param documents initial documents; bad ones are reported, the rest stored
   * @return the knowledge base
   */
  KnowledgeBase create(String organizationId, String name, List<KnowledgeDocument> documents);

  /**
   * @param knowledgeBaseId the id
   * @return the knowledge base
   */
  KnowledgeBase get(String knowledgeBaseId);

  /** @return the organisation's knowledge bases */
  List<KnowledgeBase> list();

  /**
   * Adds or replaces documents (by id). Needs {@code MANAGE_KNOWLEDGE}.
   *
   * @param knowledgeBaseId the knowledge base
   * @param documents the documents
   * @return what was stored and what was refused
   */
  IngestReport addDocuments(String knowledgeBaseId, List<KnowledgeDocument> documents);

  /**
   * Deletes a document. Needs {@code MANAGE_KNOWLEDGE}.
   *
   * @param knowledgeBaseId the knowledge base
   * @param documentId the document
   * @return whether it existed
   */
  boolean deleteDocument(String knowledgeBaseId, String documentId);

  /**
   * Searches chunks the caller may read. Needs {@code READ}.
   *
   * @param knowledgeBaseId the knowledge base
   * @param request the query
   * @return up to k hits, best first
   */
  List<SearchHit> search(String knowledgeBaseId, SearchRequest request);
}
