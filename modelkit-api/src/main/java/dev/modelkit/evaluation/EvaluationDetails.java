package dev.modelkit.evaluation;

/**
 * The full results of an evaluation behind {@link EvaluationReport#metrics()}: the curves, matrices,
 * group tables, importances and explanations that the HTML report draws.
 *
 * @param summary a one-paragraph plain-text summary of the findings
 */
public record EvaluationDetails(String summary) {}
