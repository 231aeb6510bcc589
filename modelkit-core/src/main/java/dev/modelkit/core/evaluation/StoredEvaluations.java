package dev.modelkit.core.evaluation;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.Evaluations;
import dev.modelkit.NotFoundException;
import dev.modelkit.StoreException;
import dev.modelkit.config.Violation;
import dev.modelkit.core.evaluation.internal.EvaluationRunner;
import dev.modelkit.core.evaluation.internal.HtmlReport;
import dev.modelkit.core.governance.StoredModelRegistry;
import dev.modelkit.evaluation.EvaluationReport;
import dev.modelkit.evaluation.EvaluationSuite;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.security.Permission;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.DatasetRows;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.Predictor;
import dev.modelkit.spi.ServiceContext;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.InvalidRowPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The runtime's {@link Evaluations}, bound to one caller: reads the suite's test data through the
 * training engine (the same parser, missing-value rules and filters as training), loads the
 * version through the engine, runs the suite and stores the report in the metadata store under
 * kind {@value #KIND} with an audit record in the same transaction.
 *
 * <p>Every operation needs {@code READ}: an evaluation reads a model and data and adds a report,
 * changing nothing that exists, and the model-risk reviewers who run it hold only read access.
 * Data sources restricted to roles ({@code DataSource.permissions}) are refused to callers holding
 * none of them, as in training. Versions in any stage can be evaluated (a rejected version is
 * exactly what a reviewer wants to look at); serving is what the lifecycle stage restricts.
 */
public final class StoredEvaluations implements Evaluations {
  /** The metadata kind reports are stored under. */
  public static final String KIND = "evaluation";
  private static final String STATUS = "completed";

  private final ServiceContext ctx;
  private final EvaluationEnvironment env;

  /**
   * @param ctx the caller
   * @param env the engine and data root
   */
  public StoredEvaluations(ServiceContext ctx, EvaluationEnvironment env) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.env = Objects.requireNonNull(env, "env");
  }

  @Override
  public EvaluationReport evaluate(String modelId, String version, EvaluationSuite suite) {
    ctx.require(Permission.READ);
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(suite, "suite");
    ModelVersion v = version(modelId, version);
    checkDataAccess(suite);
    String labelField = labelField(suite);
    TrainingEngine engine = env.engine().get();
    DatasetRows data = engine.readDataset(suite.testData(), env.dataRoot(), InvalidRowPolicy.SKIP, ctx.clock());
    long size = v.artifacts().values().stream().mapToLong(ArtifactRef::size).sum();
    EvaluationRunner.Result result;
    try (Predictor champion = engine.load(v, ctx.artifacts())) {
      result = EvaluationRunner.run(new EvaluationRunner.Input(suite, data.rows(), data.columns(), labelField,
          champion, challenger -> engine.load(version(modelId, challenger), ctx.artifacts()), size, v.metrics(),
          data.fingerprints(), data.skippedRows(), data.filteredRows(),
          v.lineage() == null ? Map.of() : v.lineage().datasetFingerprints()));
    }
    String org = ctx.principal().organizationId();
    EvaluationReport report = new EvaluationReport("eval-" + UUID.randomUUID(), org, modelId, version, suite,
        ctx.clock().instant(), result.metrics(), result.details());
    String json = ctx.json().toJson(report);
    String summary = ctx.json().toJson(summaryOf(report));
    ctx.metadata().save(KIND, org, report.id(), STATUS, json, 0, ctx.audit("evaluation.completed", KIND, report.id(),
        null, summary, "suite '" + suite.name() + "' on " + modelId + " version " + version));
    return report;
  }

  @Override
  public EvaluationReport get(String reportId) {
    ctx.require(Permission.READ);
    Objects.requireNonNull(reportId, "reportId");
    return ctx.metadata().get(KIND, ctx.principal().organizationId(), reportId).map(this::decode)
        .orElseThrow(() -> new NotFoundException("No evaluation report '" + reportId + "' in organisation '"
            + ctx.principal().organizationId() + "'. List reports with evaluations().list(modelId, 0, 50)."));
  }

  @Override
  public List<EvaluationReport> list(String modelId, int offset, int limit) {
    ctx.require(Permission.READ);
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must be 0 or more, were " + offset + " and " + limit);
    }
    List<EvaluationReport> all = new ArrayList<>();
    for (EntityRecord r : ctx.metadata().list(KIND, ctx.principal().organizationId(), null, 0, Integer.MAX_VALUE)) {
      EvaluationReport e = decode(r);
      if (modelId == null || modelId.equals(e.modelId())) {
        all.add(summaryOf(e));
      }
    }
    all.sort(Comparator.comparing(EvaluationReport::createdAt).reversed().thenComparing(EvaluationReport::id));
    return all.stream().skip(offset).limit(limit).toList();
  }

  @Override
  public Path writeHtml(String reportId, Path file) {
    Objects.requireNonNull(file, "file");
    EvaluationReport report = get(reportId);
    String html = HtmlReport.render(report);
    Path target = file.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".report-", ".tmp");
      try {
        Files.writeString(tmp, html, StandardCharsets.UTF_8);
        try {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new StoreException("Cannot write the HTML report of " + reportId + " to " + target + ": " + e.getMessage()
          + ". Choose a writable location.", e);
    }
    return target;
  }

  private ModelVersion version(String modelId, String version) {
    String org = ctx.principal().organizationId();
    return ctx.metadata().get(StoredModelRegistry.KIND, org, StoredModelRegistry.entityId(modelId, version))
        .map(r -> ctx.json().fromJson(r.json(), ModelVersion.class))
        .orElseThrow(() -> new NotFoundException("No version '" + version + "' of model '" + modelId
            + "' in organisation '" + org + "'. List versions with models().versions(\"" + modelId + "\")."));
  }

  private void checkDataAccess(EvaluationSuite suite) {
    for (DataSource s : suite.testData()) {
      if (!s.permissions().isEmpty() && s.permissions().stream().noneMatch(ctx.principal().roles()::contains)) {
        throw new AccessDeniedException("User '" + ctx.principal().userId() + "' may not read data source '" + s.id()
            + "' (" + s.source() + "), which is restricted to roles " + s.permissions() + "; they hold "
            + ctx.principal().roles() + ".");
      }
    }
  }

  private static String labelField(EvaluationSuite suite) {
    DataSource first = suite.testData().get(0);
    if (first.schema().outputFields() == null || first.schema().outputFields().isEmpty()) {
      throw new ConfigurationException("EvaluationSuite", List.of(new Violation("testData[0].schema.outputFields",
          "[]", "the label field to compare predictions with, for example [\"class\"]")));
    }
    return first.schema().outputFields().get(0);
  }

  private EvaluationReport decode(EntityRecord r) {
    return ctx.json().fromJson(r.json(), EvaluationReport.class);
  }

  private static EvaluationReport summaryOf(EvaluationReport r) {
    return new EvaluationReport(r.id(), r.organizationId(), r.modelId(), r.version(), r.suite(), r.createdAt(),
        r.metrics(), null);
  }
}
