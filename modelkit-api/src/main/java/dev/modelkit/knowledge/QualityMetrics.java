package dev.modelkit.knowledge;

/**
 * A knowledge base's aggregate quality.
 *
 * @param documentCount documents stored
 * @param averageScore mean overall document score
 * @param averageCompleteness mean completeness
 * @param averageAccuracy mean accuracy
 * @param averageRelevance mean relevance
 * @param averageFreshness mean freshness
 * @param nearDuplicates documents flagged as near duplicates of another
 * @param heldBack documents below the configured minimum score, kept out of search
 */
public record QualityMetrics(
    long documentCount, double averageScore, double averageCompleteness, double averageAccuracy,
    double averageRelevance, double averageFreshness, long nearDuplicates, long heldBack) {}
