/**
 * The evaluation suite of the default runtime: {@link dev.modelkit.core.evaluation.StoredEvaluations}
 * runs accuracy, robustness, fairness, efficiency, interpretability, benchmark and backtest parts
 * on a registered version and keeps the reports, with a self-contained HTML rendering.
 */
package dev.modelkit.core.evaluation;
