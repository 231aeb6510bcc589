package dev.modelkit.deployment.internal;

import dev.modelkit.DeploymentException;
import dev.modelkit.NotFoundException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Routes every prediction of a live model: route lookup, traffic split, replica choice, the model
 * call and the monitoring record. Routes are swapped atomically by rollouts; a request that finds
 * its replica retired mid-switch is retried on the new route, so a switch fails no request.
 */
public final class Router {
  private static final int MAX_ATTEMPTS = 8;

  private final ConcurrentHashMap<String, ConcurrentHashMap<String, AtomicReference<RouteState>>> routes =
      new ConcurrentHashMap<>();
  private final PredictionObserver observer;

  /** @param observer told about every prediction */
  public Router(PredictionObserver observer) {
    this.observer = observer;
  }

  /**
   * Publishes a new route for a model, replacing any earlier one atomically.
   *
   * @param organizationId the organisation
   * @param modelId the model
   * @param state the new route
   * @return the route it replaced, or null
   */
  public RouteState publish(String organizationId, String modelId, RouteState state) {
    return routes.computeIfAbsent(organizationId, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(modelId, k -> new AtomicReference<>())
        .getAndSet(state);
  }

  /**
   * @param organizationId the organisation
   * @param modelId the model
   * @return the live route, or null
   */
  public RouteState route(String organizationId, String modelId) {
    Map<String, AtomicReference<RouteState>> byModel = routes.get(organizationId);
    if (byModel == null) {
      return null;
    }
    AtomicReference<RouteState> ref = byModel.get(modelId);
    return ref == null ? null : ref.get();
  }

  /**
   * Removes a model's route.
   *
   * @param organizationId the organisation
   * @param modelId the model
   * @return the removed route, or null
   */
  public RouteState remove(String organizationId, String modelId) {
    Map<String, AtomicReference<RouteState>> byModel = routes.get(organizationId);
    if (byModel == null) {
      return null;
    }
    AtomicReference<RouteState> ref = byModel.remove(modelId);
    return ref == null ? null : ref.getAndSet(null);
  }

  /**
   * Serves one prediction.
   *
   * @param organizationId the caller's organisation
   * @param modelId the model
   * @param routingKey a stable key (user or request id) for sticky routing, or null for random
   * @param features the input
   * @return the version that served, the output and the monitoring id
   * @throws NotFoundException if the model has no live deployment in the organisation
   * @throws DeploymentException if the model call fails (the failure is the cause)
   */
  public Routed predict(String organizationId, String modelId, String routingKey, Map<String, Object> features) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      RouteState state = route(organizationId, modelId);
      if (state == null) {
        throw new NotFoundException("Model '" + modelId + "' has no live deployment in organisation '"
            + organizationId + "'. Deploy a version with deployModel first.");
      }
      UnitAssigner assigner = state.assigner();
      int index;
      if (assigner != null) {
        index = routingKey == null ? assigner.control() : assigner.pick(routingKey);
      } else {
        int bucket = routingKey == null ? ThreadLocalRandom.current().nextInt(TrafficSplit.TOTAL) : bucket(routingKey);
        index = state.split().pick(bucket);
      }
      Replica replica = state.acquire(index);
      if (replica == null) {
        continue;
      }
      String version = replica.version();
      long start = System.nanoTime();
      Object output;
      try {
        output = replica.invoke(features);
      } catch (Exception e) {
        long took = System.nanoTime() - start;
        replica.release();
        observer.observe(organizationId, modelId, version, features, null, took, true);
        if (assigner != null && routingKey != null) {
          assigner.outcome(routingKey, index, took, true);
        }
        throw new DeploymentException("Model '" + modelId + "' version " + version + " failed: " + e.getMessage(), e);
      }
      long took = System.nanoTime() - start;
      replica.release();
      String id = observer.observe(organizationId, modelId, version, features, output, took, false);
      if (assigner != null && routingKey != null) {
        assigner.outcome(routingKey, index, took, false);
      }
      return new Routed(version, output, id, took);
    }
    throw new DeploymentException("Model '" + modelId + "' has no replica accepting requests after "
        + MAX_ATTEMPTS + " attempts; its deployment is being replaced or was removed.");
  }

  /**
   * Maps a routing key to a bucket in [0, 10000) with FNV-1a over its UTF-16 code units, mixed.
   *
   * @param key the routing key
   * @return the bucket
   */
  public static int bucket(String key) {
    int h = 0x811c9dc5;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return (h & Integer.MAX_VALUE) % TrafficSplit.TOTAL;
  }

  /**
   * The result of a routed prediction.
   *
   * @param version the version that served it
   * @param output the model's output
   * @param predictionId the monitoring id, or null
   * @param latencyNanos the model call's duration
   */
  public record Routed(String version, Object output, String predictionId, long latencyNanos) {}

}
