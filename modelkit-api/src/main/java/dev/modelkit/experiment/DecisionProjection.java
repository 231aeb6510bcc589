package dev.modelkit.experiment;

import java.time.Duration;
import java.time.Instant;

/**
 * When the sequential test can be expected to decide at the current traffic, compared with the
 * configured decision target (48 hours by default).
 *
 * @param metric the primary metric projected
 * @param variantId the variant projected (the one closest to a decision)
 * @param assumedEffect the effect assumed to persist: the observed one, or the minimum detectable
 *     effect when the observed one is smaller
 * @param unitsPerHour exposed units per hour since the start
 * @param unitsSoFar exposed units so far
 * @param unitsNeeded total exposed units at which the confidence sequence would exclude zero;
 *     null when no decision can be projected
 * @param timeToDecision how much longer that takes at the current traffic; null when not
 *     projectable
 * @param deadline the start plus the decision target
 * @param reachableByDeadline whether the decision is projected before the deadline; null when
 *     not projectable
 * @param fixedHorizonUnitsPerVariant units per variant a fixed-horizon test needs for the
 *     configured power at the minimum detectable effect; null when the metric has none
 * @param explanation the projection in words
 */
public record DecisionProjection(
    String metric, String variantId, Double assumedEffect, double unitsPerHour, long unitsSoFar, Long unitsNeeded,
    Duration timeToDecision, Instant deadline, Boolean reachableByDeadline, Long fixedHorizonUnitsPerVariant,
    String explanation) {}
