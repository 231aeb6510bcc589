package dev.modelkit.spi;

import dev.modelkit.KnowledgeBases;

/**
 * Stores and searches knowledge bases. Created once per runtime by a {@link
 * KnowledgeStoreProvider}.
 */
public interface KnowledgeStore {

  /**
   * @param context the caller and the runtime's stores
   * @return the knowledge base view bound to that caller
   */
  KnowledgeBases knowledgeBases(ServiceContext context);
}
