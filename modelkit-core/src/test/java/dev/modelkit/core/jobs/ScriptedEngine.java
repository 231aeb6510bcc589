package dev.modelkit.core.jobs;

import dev.modelkit.config.Violation;
import dev.modelkit.spi.TrainingContext;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.spi.TrainingResult;
import dev.modelkit.training.TrainingConfiguration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A training engine whose behaviour each test scripts. */
class ScriptedEngine implements TrainingEngine {

  /** One run of a job. */
  interface Script {
    TrainingResult train(TrainingContext ctx) throws Exception;
  }

  private final Script script;
  private final Function<TrainingConfiguration, List<Violation>> validator;

  ScriptedEngine(Script script) {
    this(script, c -> List.of());
  }

  ScriptedEngine(Script script, Function<TrainingConfiguration, List<Violation>> validator) {
    this.script = script;
    this.validator = validator;
  }

  @Override
  public List<Violation> validate(TrainingConfiguration config) {
    return validator.apply(config);
  }

  @Override
  public TrainingResult train(TrainingContext context) throws Exception {
    return script.train(context);
  }

  /** @return a result with one model artifact and the given metrics */
  static TrainingResult result(TrainingContext ctx, Map<String, Double> metrics, List<String> thresholdFailures) {
    return new TrainingResult(Map.of("model", ctx.artifacts().put(("model of " + ctx.job().id()).getBytes())), metrics,
        Map.of("train", "ab".repeat(32)), Map.of("fake-engine", "1.0"), thresholdFailures);
  }
}
