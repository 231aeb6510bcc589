package dev.modelkit.training.djl;

import ai.djl.pytorch.jni.JniUtils;
import dev.modelkit.spi.CustomMetric;
import dev.modelkit.spi.ProviderContext;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.spi.TrainingEngineProvider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides the {@code pytorch} training engine (rank 0, the default). Settings read from the
 * provider context:
 *
 * <ul>
 *   <li>{@code modelkit.training.pytorch.threads}: PyTorch intra-op threads per process, 1 by
 *       default. ModelKit's networks are small, and on a shared machine one thread per operation
 *       is several times faster than a pool that waits for busy cores; parallelism comes from
 *       concurrent jobs and the predictor pool instead.
 *   <li>{@code modelkit.training.business_impact.costs}: a cost matrix ({@code
 *       bad>good=5;good>bad=1}) that registers the {@code business_impact} custom metric.
 *   <li>{@code modelkit.training.dataRoot}: where validation resolves relative data paths.
 * </ul>
 *
 * <p>Custom metrics are also found with {@link ServiceLoader} as {@link CustomMetric} services.
 */
public final class PyTorchTrainingEngineProvider implements TrainingEngineProvider {
  /** The provider's name. */
  public static final String NAME = "pytorch";
  private static final Logger LOG = LoggerFactory.getLogger(PyTorchTrainingEngineProvider.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int rank() {
    return 0;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when a setting is malformed, naming it
   */
  @Override
  public TrainingEngine create(ProviderContext context) {
    Map<String, String> settings = context.settings();
    configureThreads(settings.getOrDefault("modelkit.training.pytorch.threads", "1"));
    Map<String, CustomMetric> metrics = new LinkedHashMap<>();
    String costs = settings.get("modelkit.training.business_impact.costs");
    if (costs != null) {
      metrics.put("business_impact", CostMatrixMetric.parse("business_impact", costs));
    }
    ServiceLoader<CustomMetric> loader = ServiceLoader.load(CustomMetric.class);
    for (var it = loader.iterator(); ; ) {
      try {
        if (!it.hasNext()) {
          break;
        }
        CustomMetric m = it.next();
        if (metrics.putIfAbsent(m.name(), m) != null) {
          throw new IllegalStateException("two custom metrics are named '" + m.name() + "'; rename one");
        }
      } catch (ServiceConfigurationError e) {
        LOG.warn("a custom metric could not be loaded and is skipped: {}", e.toString());
      }
    }
    String root = settings.get("modelkit.training.dataRoot");
    return new PyTorchTrainingEngine(context.home().resolve(NAME), metrics, root == null ? null : Path.of(root));
  }

  /**
   * Sets PyTorch's thread counts before the engine starts (system properties) or, if it already
   * started, its intra-op count.
   *
   * @param value the thread count setting
   */
  static void configureThreads(String value) {
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("modelkit.training.pytorch.threads was '" + value
          + "' but it must be a whole number of threads, for example 1", e);
    }
    if (n < 1) {
      throw new IllegalArgumentException("modelkit.training.pytorch.threads was '" + value + "' but it must be at least 1");
    }
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    if (ai.djl.engine.Engine.hasEngine("PyTorch")) {
      ai.djl.engine.Engine.getEngine("PyTorch");
      JniUtils.setNumThreads(Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads")));
    }
  }
}
