package dev.modelkit.knowledge;

import dev.modelkit.config.WireValue;

/** How a knowledge base search ranks chunks. */
public enum SearchMode implements WireValue {
  /** BM25 over the text. */
  LEXICAL,
  /** Nearest neighbours of the query's embedding. */
  VECTOR,
  /** Both, fused. */
  HYBRID;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
