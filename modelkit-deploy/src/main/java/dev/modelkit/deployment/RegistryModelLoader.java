package dev.modelkit.deployment;

import dev.modelkit.deployment.internal.ModelEndpoint;
import dev.modelkit.governance.ModelVersion;
import dev.modelkit.spi.Prediction;
import dev.modelkit.spi.Predictor;
import dev.modelkit.spi.ServiceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The default loader: asks the model registry for a predictor of the version (which uses the
 * training engine that made it) and probes it with a row of the model's own input fields, each
 * missing, so that a health check exercises the whole preprocessing and inference path.
 */
public final class RegistryModelLoader implements ModelLoader {

  @Override
  public ModelEndpoint load(ServiceContext context, ModelVersion version) {
    Predictor p = context.service().models().predictor(version.modelId(), version.version());
    return new PredictorEndpoint(version.modelId(), version.version(), p);
  }

  @Override
  public void probe(ModelEndpoint endpoint) throws Exception {
    if (endpoint instanceof PredictorEndpoint pe) {
      Map<String, Object> row = new HashMap<>();
      for (String f : pe.predictor.inputFields()) {
        row.put(f, null);
      }
      Prediction out = pe.predictor.predict(row);
      if (!out.ok()) {
        throw new IllegalStateException("probe prediction failed: " + out.error());
      }
    } else {
      endpoint.predict(Map.of());
    }
  }

  /** A predictor seen as an endpoint; failed predictions become exceptions so they count as errors. */
  static final class PredictorEndpoint implements ModelEndpoint {
    private final String modelId;
    private final String version;
    final Predictor predictor;

    PredictorEndpoint(String modelId, String version, Predictor predictor) {
      this.modelId = modelId;
      this.version = version;
      this.predictor = predictor;
    }

    @Override
    public String modelId() {
      return modelId;
    }

    @Override
    public String version() {
      return version;
    }

    @Override
    public Object predict(Map<String, Object> features) {
      Prediction p = predictor.predict(features);
      if (!p.ok()) {
        throw new IllegalArgumentException(p.error());
      }
      return p;
    }

    /** @return the model's classes in order */
    List<String> labels() {
      return predictor.labels();
    }

    @Override
    public void close() {
      try {
        predictor.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the predictor of " + modelId + " " + version + " failed", e);
      }
    }
  }
}
