package dev.modelkit.deployment.internal;

import java.util.Map;

/**
 * One loaded, callable model version. Implementations must be safe for concurrent calls.
 */
public interface ModelEndpoint extends AutoCloseable {

  /** @return the model id */
  String modelId();

  /** @return the version label */
  String version();

  /**
   * @param features input values by feature name
   * @return the prediction, serialisable to JSON (a record, map, string or number)
   * @throws Exception if the model fails; the caller counts it as an error
   */
  Object predict(Map<String, Object> features) throws Exception;

  /** Releases native resources; called only after in-flight calls have drained. */
  @Override
  void close();
}
