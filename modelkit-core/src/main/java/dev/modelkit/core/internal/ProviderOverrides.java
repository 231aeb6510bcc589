package dev.modelkit.core.internal;

import dev.modelkit.spi.ProviderKind;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where a user can name the provider to use for a kind, in order of precedence: the system
 * property ({@code modelkit.training.engine}), the environment variable ({@code
 * MODELKIT_TRAINING_ENGINE}), then a setting given to the runtime builder under the property's
 * name. Sources are injectable so that tests need not change the real environment.
 *
 * @param systemProperties looks up a system property, null when unset
 * @param environment looks up an environment variable, null when unset
 * @param settings settings given to the builder
 */
public record ProviderOverrides(
    UnaryOperator<String> systemProperties, UnaryOperator<String> environment, Map<String, String> settings) {

  /** Copies the settings. */
  public ProviderOverrides {
    settings = Map.copyOf(settings);
  }

  /**
   * @param settings settings given to the builder
   * @return overrides read from the real system properties and environment
   */
  public static ProviderOverrides fromSystem(Map<String, String> settings) {
    return new ProviderOverrides(System::getProperty, System::getenv, settings);
  }

  /** @return overrides that name nothing, so the lowest rank always wins */
  public static ProviderOverrides none() {
    return new ProviderOverrides(k -> null, k -> null, Map.of());
  }

  /**
   * A provider name a user asked for, and where they asked for it.
   *
   * @param name the requested name
   * @param source for example {@code system property modelkit.training.engine}
   */
  public record Request(String name, String source) {}

  /**
   * @param kind a provider kind
   * @return the name requested for it, if any source names one
   */
  public Optional<Request> requested(ProviderKind kind) {
    String v = systemProperties.apply(kind.property());
    if (present(v)) {
      return Optional.of(new Request(v.trim(), "system property " + kind.property()));
    }
    v = environment.apply(kind.environmentVariable());
    if (present(v)) {
      return Optional.of(new Request(v.trim(), "environment variable " + kind.environmentVariable()));
    }
    v = settings.get(kind.property());
    if (present(v)) {
      return Optional.of(new Request(v.trim(), "setting " + kind.property()));
    }
    return Optional.empty();
  }

  private static boolean present(String v) {
    return v != null && !v.isBlank();
  }
}
