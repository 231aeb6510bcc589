package dev.modelkit.core.pipeline;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.ConfigurationException;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.NotFoundException;
import dev.modelkit.core.pipeline.internal.Gates;
import dev.modelkit.core.pipeline.internal.Notifier;
import dev.modelkit.core.pipeline.internal.PipelineStore;
import dev.modelkit.core.pipeline.internal.StageContext;
import dev.modelkit.core.pipeline.internal.StageFailure;
import dev.modelkit.core.pipeline.internal.StageOutcome;
import dev.modelkit.core.pipeline.internal.Stages;
import dev.modelkit.core.pipeline.internal.StoredPipeline;
import dev.modelkit.pipeline.GateResult;
import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.pipeline.NotificationEvent;
import dev.modelkit.pipeline.PipelineNotification;
import dev.modelkit.pipeline.PipelineRun;
import dev.modelkit.pipeline.PipelineStage;
import dev.modelkit.pipeline.RunState;
import dev.modelkit.pipeline.StageRun;
import dev.modelkit.pipeline.StageState;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.AuditDraft;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one run: each unfinished stage in order, attempts with retries and a timeout, the
 * stage's gates, and a store write with its audit record after every transition. Stages that
 * already succeeded (a resumed run) are skipped; their metrics and outputs come from the record.
 */
final class RunLoop {
  private static final Logger LOG = LoggerFactory.getLogger(RunLoop.class);

  private final PipelineEnvironment env;
  private final PipelineStore store;
  private final Notifier notifier;
  private final Stages stages;
  private final ExecutorService attempts;

  RunLoop(PipelineEnvironment env, PipelineStore store, Notifier notifier, Stages stages, ExecutorService attempts) {
    this.env = env;
    this.store = store;
    this.notifier = notifier;
    this.stages = stages;
    this.attempts = attempts;
  }

  /**
   * @param org the organisation
   * @param runId the run
   * @param as who the run acts as
   * @param stop set when the run is cancelled
   */
  void execute(String org, String runId, Principal as, AtomicBoolean stop) {
    PipelineRun run = store.run(org, runId);
    StoredPipeline sp;
    try {
      sp = store.pipeline(org, run.pipelineId());
    } catch (NotFoundException e) {
      finish(org, runId, as, RunState.FAILED, "its pipeline " + run.pipelineId() + " no longer exists", null);
      return;
    }
    ModelTrainingPipeline p = sp.pipeline();
    run = update(org, runId, as, "pipeline.run_started", null, r -> withState(r, RunState.RUNNING, null, null));
    notify(p, run, NotificationEvent.RUN_STARTED, "Run " + runId + " started (" + run.trigger().wireName()
        + (run.resumes() > 0 ? ", resume " + run.resumes() : "") + ")");
    CustomModelTrainingService service = env.services().apply(as);
    Path runDirectory = env.home().resolve("pipelines").resolve(runId);
    for (int i = 0; i < p.stages().size(); i++) {
      PipelineStage stage = p.stages().get(i);
      if (run.stages().get(i).state() == StageState.SUCCEEDED) {
        continue;
      }
      if (stop.get()) {
        cancelled(p, org, runId, as, i);
        return;
      }
      Map<String, String> outputs = new LinkedHashMap<>();
      for (int j = 0; j < i; j++) {
        outputs.putAll(run.stages().get(j).outputs());
      }
      StageOutcome outcome = null;
      String failure = null;
      int attempt = 0;
      while (outcome == null && attempt <= stage.retries()) {
        attempt++;
        final int index = i;
        final int n = attempt;
        Instant started = env.clock().instant();
        run = update(org, runId, as, null, null, r -> withStage(r, index, new StageRun(stage.name(), stage.type(),
            StageState.RUNNING, n, started, null, Map.of(), List.of(), Map.of(), "attempt " + n)));
        StageContext ctx = new StageContext(env, p, stage, runId, as, service, Map.copyOf(outputs), runDirectory,
            started.plus(stage.timeout()), stop::get);
        boolean retryable = true;
        try {
          outcome = attemptWithTimeout(ctx, stop);
          failure = null;
        } catch (StageFailure e) {
          failure = e.getMessage();
          retryable = e.retryable();
        } catch (AccessDeniedException | ConfigurationException | NotFoundException | UnsupportedOperationException e) {
          failure = e.getMessage();
          retryable = false;
        } catch (Exception e) {
          failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (stop.get()) {
          cancelled(p, org, runId, as, i);
          return;
        }
        if (failure != null) {
          LOG.info("Pipeline run {} stage {} attempt {} failed: {}", runId, stage.name(), n, failure);
          if (!retryable) {
            break;
          }
        }
      }
      final int index = i;
      final int made = attempt;
      if (outcome == null) {
        String reason = "Stage '" + stage.name() + "' failed after " + made + " attempt" + (made == 1 ? "" : "s")
            + ": " + failure;
        run = update(org, runId, as, "pipeline.stage_failed", reason, r -> withStage(r, index,
            new StageRun(stage.name(), stage.type(), StageState.FAILED, made, r.stages().get(index).startedAt(),
                env.clock().instant(), Map.of(), List.of(), Map.of(), reason)));
        finish(org, runId, as, RunState.FAILED, reason, p);
        return;
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (int j = 0; j < i; j++) {
        metrics.putAll(run.stages().get(j).metrics());
      }
      metrics.putAll(outcome.metrics());
      List<GateResult> gates = Gates.evaluate(stage.name(), stage.gates(), metrics);
      List<String> warnings = new ArrayList<>();
      GateResult stopper = null;
      for (GateResult g : gates) {
        if (g.isWarning()) {
          warnings.add(g.message());
        }
        if (g.stopsRun() && stopper == null) {
          stopper = g;
        }
      }
      StageOutcome done = outcome;
      StageState state = stopper == null ? StageState.SUCCEEDED : StageState.FAILED;
      String message = stopper == null ? done.message() : stopper.message();
      for (String w : warnings) {
        run = update(org, runId, as, "pipeline.gate_warning", w, r -> withWarning(r, w));
        notify(p, run, NotificationEvent.GATE_WARNING, w);
      }
      run = update(org, runId, as, stopper == null ? "pipeline.stage_succeeded" : "pipeline.gate_failed",
          stopper == null ? null : message, r -> withStage(r, index, new StageRun(stage.name(), stage.type(), state,
              made, r.stages().get(index).startedAt(), env.clock().instant(), done.metrics(), gates, done.outputs(),
              message)));
      if (stopper != null) {
        finish(org, runId, as, RunState.FAILED, message, p);
        return;
      }
    }
    finish(org, runId, as, RunState.SUCCEEDED, null, p);
  }

  private StageOutcome attemptWithTimeout(StageContext ctx, AtomicBoolean stop) throws Exception {
    AtomicBoolean timedOut = new AtomicBoolean();
    StageContext guarded = new StageContext(ctx.env(), ctx.pipeline(), ctx.stage(), ctx.runId(), ctx.principal(),
        ctx.service(), ctx.outputs(), ctx.runDirectory(), ctx.deadline(), () -> stop.get() || timedOut.get());
    Future<StageOutcome> f = attempts.submit(() -> stages.execute(guarded));
    long millis = Math.max(1, ctx.stage().timeout().toMillis());
    try {
      return f.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      timedOut.set(true);
      // a training stage polls the stop flag and cancels its job: give it that chance before interrupting
      if (ctx.stage().type() == dev.modelkit.pipeline.StageType.MODEL_TRAINING) {
        try {
          f.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException ignored) {
          // interrupted below
        }
      }
      f.cancel(true);
      throw new StageFailure("attempt timed out after " + ctx.stage().timeout(), true);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw new StageFailure(cause.toString(), false);
    }
  }

  private void cancelled(ModelTrainingPipeline p, String org, String runId, Principal as, int index) {
    update(org, runId, as, null, null, r -> {
      StageRun s = r.stages().get(index);
      return s.state() == StageState.RUNNING ? withStage(r, index, new StageRun(s.name(), s.type(),
          StageState.CANCELLED, s.attempts(), s.startedAt(), env.clock().instant(), Map.of(), List.of(), Map.of(),
          "cancelled")) : r;
    });
    PipelineRun current = store.run(org, runId);
    finish(org, runId, as, RunState.CANCELLED, current.reason() == null ? "cancelled" : current.reason(), p);
  }

  private void finish(String org, String runId, Principal as, RunState state, String reason, ModelTrainingPipeline p) {
    PipelineRun run = update(org, runId, as, "pipeline.run_" + state.wireName(), reason,
        r -> withState(r, state, reason, env.clock().instant()));
    if (p != null) {
      NotificationEvent e = switch (state) {
        case SUCCEEDED -> NotificationEvent.RUN_SUCCEEDED;
        case CANCELLED -> NotificationEvent.RUN_CANCELLED;
        default -> NotificationEvent.RUN_FAILED;
      };
      notify(p, run, e, reason == null ? "Run " + runId + " finished every stage" : reason);
    }
  }

  private void notify(ModelTrainingPipeline p, PipelineRun run, NotificationEvent e, String message) {
    notifier.send(p, new PipelineNotification(e, p.organizationId(), p.id(), p.name(), run.id(), run.state(), message,
        env.clock().instant()));
  }

  private PipelineRun update(String org, String runId, Principal as, String action, String reason,
      java.util.function.UnaryOperator<PipelineRun> change) {
    return store.updateRun(org, runId, change, (before, after) -> action == null ? null
        : new AuditDraft(org, as.userId(), action, PipelineStore.RUN, runId, before, after, reason,
            env.clock().instant()));
  }

  static PipelineRun withState(PipelineRun r, RunState state, String reason, Instant finishedAt) {
    return new PipelineRun(r.id(), r.pipelineId(), r.organizationId(), state, r.trigger(), r.triggerDetail(),
        r.startedBy(), r.createdAt(), finishedAt, r.stages(), r.warnings(), reason, r.resumes());
  }

  static PipelineRun withStage(PipelineRun r, int index, StageRun s) {
    List<StageRun> stages = new ArrayList<>(r.stages());
    stages.set(index, s);
    return new PipelineRun(r.id(), r.pipelineId(), r.organizationId(), r.state(), r.trigger(), r.triggerDetail(),
        r.startedBy(), r.createdAt(), r.finishedAt(), stages, r.warnings(), r.reason(), r.resumes());
  }

  private static PipelineRun withWarning(PipelineRun r, String w) {
    List<String> warnings = new ArrayList<>(r.warnings());
    warnings.add(w);
    return new PipelineRun(r.id(), r.pipelineId(), r.organizationId(), r.state(), r.trigger(), r.triggerDetail(),
        r.startedBy(), r.createdAt(), r.finishedAt(), r.stages(), warnings, r.reason(), r.resumes());
  }
}
