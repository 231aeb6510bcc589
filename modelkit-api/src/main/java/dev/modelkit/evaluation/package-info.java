/**
 * The evaluation suite: what a model-risk reviewer asks of every model (accuracy, robustness,
 * fairness, efficiency, interpretability, benchmarks, backtesting), answered on real data and kept
 * as a report with a JSON and a self-contained HTML form.
 */
package dev.modelkit.evaluation;
