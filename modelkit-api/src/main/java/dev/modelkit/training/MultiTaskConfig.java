package dev.modelkit.training;

import dev.modelkit.config.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shared trunk with one head per task.
 *
 * @param tasks the tasks, at least two, with distinct names
 * @param lossWeighting how losses combine; static when absent
 * @param sharedLayers names of the shared trunk's layers
 * @param taskSpecificLayers layer names per task
 */
public record MultiTaskConfig(
    List<TaskConfig> tasks, LossWeightingStrategy lossWeighting, List<String> sharedLayers,
    Map<String, List<String>> taskSpecificLayers) {

  /** Validates. */
  public MultiTaskConfig {
    Checks c = new Checks("MultiTaskConfig");
    c.check(tasks != null && tasks.size() >= 2, "tasks", tasks == null ? null : tasks.size(), "list at least two tasks");
    if (tasks != null) {
      Set<String> names = new HashSet<>();
      for (TaskConfig t : tasks) {
        c.check(names.add(t.name()), "tasks", t.name(), "have unique names");
      }
    }
    c.throwIfAny();
    tasks = List.copyOf(tasks);
    lossWeighting = lossWeighting == null ? new LossWeightingStrategy(LossWeightingStrategy.Type.STATIC) : lossWeighting;
    sharedLayers = sharedLayers == null ? List.of() : List.copyOf(sharedLayers);
    taskSpecificLayers = taskSpecificLayers == null ? Map.of() : Map.copyOf(taskSpecificLayers);
  }
}
