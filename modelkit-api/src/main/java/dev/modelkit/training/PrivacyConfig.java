package dev.modelkit.training;

import java.util.List;

/**
 * Privacy protection for a training data set.
 *
 * @param anonymization mask or pseudonymise detected personal data before training
 * @param encryption encrypt datasets and artifacts at rest
 * @param accessControl roles or users allowed to use the data
 */
public record PrivacyConfig(boolean anonymization, boolean encryption, List<String> accessControl) {

  /** Copies the list. */
  public PrivacyConfig {
    accessControl = accessControl == null ? List.of() : List.copyOf(accessControl);
  }

  /** @return no anonymisation, no encryption, no extra access list */
  public static PrivacyConfig none() {
    return new PrivacyConfig(false, false, List.of());
  }
}
