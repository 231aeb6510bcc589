package dev.modelkit;

import dev.modelkit.evaluation.EvaluationReport;
import dev.modelkit.evaluation.EvaluationSuite;
import java.nio.file.Path;
import java.util.List;

/**
 * Evaluates registered model versions and keeps the reports, bound to one caller. Reports of
 * another organisation are not found.
 */
public interface Evaluations {

  /**
   * Runs a suite on a version and stores the report.
   *
   * @param modelId the model
   * @param version the version
   * @param suite what to evaluate on and which parts to run
   * @return the stored report
   * @throws NotFoundException if the version does not exist
   * @throws ConfigurationException naming the field when the suite does not fit the model (an
   *     unknown protected attribute, a positive class the model does not predict)
   * @throws AccessDeniedException without {@code READ}, or when a test data source is restricted to
   *     roles the caller does not hold
   * @throws ProviderNotFoundException when no training engine is installed to read data and load the version
   * @throws TrainingException when the test data cannot be read or the version cannot score any row
   */
  EvaluationReport evaluate(String modelId, String version, EvaluationSuite suite);

  /**
   * @param reportId a report id
   * @return the report with its details
   * @throws NotFoundException if there is none
   */
  EvaluationReport get(String reportId);

  /**
   * @param modelId the model, or null for all
   * @param offset rows to skip
   * @param limit at most this many
   * @return reports, newest first, without details
   */
  List<EvaluationReport> list(String modelId, int offset, int limit);

  /**
   * Writes a report as one self-contained HTML file (no network access needed to view it).
   *
   * @param reportId a report id
   * @param file where to write it; parent directories are created
   * @return the file
   * @throws NotFoundException if there is no such report
   * @throws StoreException if the file cannot be written
   */
  Path writeHtml(String reportId, Path file);
}
