package dev.modelkit.experiment;

/**
 * The result of applying the early-stopping rules: the analysis and what was done about it.
 *
 * @param experiment the experiment after the review
 * @param analysis the analysis the rules were applied to
 * @param acted whether the review changed the experiment (stopped it or rolled it back)
 */
public record ExperimentReview(ABTestExperiment experiment, ExperimentAnalysis analysis, boolean acted) {}
