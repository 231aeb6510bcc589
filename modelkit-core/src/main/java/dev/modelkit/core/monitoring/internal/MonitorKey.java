package dev.modelkit.core.monitoring.internal;

import java.util.Objects;

/**
 * Identifies one monitored model version of one organisation.
 *
 * @param organizationId the owning organisation
 * @param modelId the model
 * @param version the version
 */
public record MonitorKey(String organizationId, String modelId, String version) {

  /** Validates that every part is present. */
  public MonitorKey {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(version, "version");
  }

  /** @return {@code modelId/version}, the key's name in messages and stored ids */
  public String qualifiedName() {
    return modelId + "/" + version;
  }
}
