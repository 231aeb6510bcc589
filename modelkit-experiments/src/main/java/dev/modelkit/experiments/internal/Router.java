package dev.modelkit.experiments.internal;

import dev.modelkit.experiment.ExperimentRouter;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * The serving-path router of one organisation: a map lookup, the hash and a bucket lookup;
 * experiments are loaded on first use.
 */
final class Router implements ExperimentRouter {
  private final ExperimentRegistry registry;
  private final ConcurrentMap<String, LiveExperiment> loaded;
  private final MetadataStore store;
  private final JsonCodec json;
  private final String organizationId;

  Router(ExperimentRegistry registry, MetadataStore store, JsonCodec json, String organizationId) {
    this.registry = registry;
    this.loaded = registry.organization(organizationId);
    this.store = store;
    this.json = json;
    this.organizationId = organizationId;
  }

  @Override
  public String variantFor(String experimentId, String unitId, Map<String, String> attributes) {
    LiveExperiment live = experimentId == null ? null : loaded.get(experimentId);
    if (live == null || live.broken()) {
      live = registry.get(store, json, organizationId, experimentId);
    }
    return live.variantId(live.route(unitId, attributes));
  }
}
