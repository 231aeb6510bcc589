package dev.modelkit.knowledge;

/**
 * Quality scores of a document, each 0 to 1. The knowledge store computes them; values supplied
 * by a caller are replaced by the computed ones.
 *
 * @param score overall score
 * @param completeness how complete the content is
 * @param accuracy how well-formed and internally consistent the content is
 * @param relevance how relevant it is to the knowledge base
 * @param freshness how recent it is
 */
public record DocumentQuality(double score, double completeness, double accuracy, double relevance, double freshness) {}
