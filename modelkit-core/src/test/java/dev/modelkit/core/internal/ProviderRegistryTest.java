package dev.modelkit.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.ModelKitException;
import dev.modelkit.ProviderNotFoundException;
import dev.modelkit.core.internal.fixtures.BetaEngineProvider;
import dev.modelkit.spi.ProviderKind;
import dev.modelkit.spi.TrainingEngineProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

  private static ProviderOverrides sysprop(String key, String value) {
    return new ProviderOverrides(k -> k.equals(key) ? value : null, k -> null, Map.of());
  }

  private static List<String> names(List<DiscoveredProvider> ps) {
    return ps.stream().map(DiscoveredProvider::name).toList();
  }

  @Test
  void lowestRankIsTheDefault() {
    ProviderRegistry r = ProviderRegistry.discover(FixtureLoader.only("ranked"), ProviderOverrides.none());
    assertEquals(List.of("beta", "alpha"), names(r.found(ProviderKind.TRAINING_ENGINE)));
    assertEquals("beta", r.select(ProviderKind.TRAINING_ENGINE, TrainingEngineProvider.class).name());
    DiscoveredProvider beta = r.selectDescribed(ProviderKind.TRAINING_ENGINE);
    assertEquals(BetaEngineProvider.class.getName(), beta.className());
    assertEquals(10, beta.rank());
    assertEquals("test-classes", beta.location());
  }

  @Test
  void systemPropertyOverridesTheDefault() {
    ProviderRegistry r = ProviderRegistry.discover(FixtureLoader.only("ranked"),
        sysprop("modelkit.training.engine", "alpha"));
    assertEquals("alpha", r.select(ProviderKind.TRAINING_ENGINE, TrainingEngineProvider.class).name());
  }

  @Test
  void environmentVariableOverridesTheDefaultAndSystemPropertyWinsOverIt() {
    ProviderOverrides env = new ProviderOverrides(k -> null,
        k -> k.equals("MODELKIT_TRAINING_ENGINE") ? "ALPHA" : null, Map.of());
    ProviderRegistry r = ProviderRegistry.discover(FixtureLoader.only("ranked"), env);
    assertEquals("alpha", r.select(ProviderKind.TRAINING_ENGINE, TrainingEngineProvider.class).name());

    ProviderOverrides both = new ProviderOverrides(k -> k.equals("modelkit.training.engine") ? "beta" : null,
        k -> k.equals("MODELKIT_TRAINING_ENGINE") ? "alpha" : null, Map.of("modelkit.training.engine", "alpha"));
    r = ProviderRegistry.discover(FixtureLoader.only("ranked"), both);
    assertEquals("beta", r.select(ProviderKind.TRAINING_ENGINE, TrainingEngineProvider.class).name());
  }

  @Test
  void builderSettingOverridesTheDefault() {
    ProviderOverrides setting = new ProviderOverrides(k -> null, k -> null, Map.of("modelkit.training.engine", "alpha"));
    ProviderRegistry r = ProviderRegistry.discover(FixtureLoader.only("ranked"), setting);
    assertEquals("alpha", r.select(ProviderKind.TRAINING_ENGINE, TrainingEngineProvider.class).name());
  }

  @Test
  void aMisnamedProviderFailsListingWhatIsAvailableAndTheArtifact() {
    ProviderRegistry r = ProviderRegistry.discover(FixtureLoader.only("ranked"),
        sysprop("modelkit.training.engine", "tensorflow"));
    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
        () -> r.select(ProviderKind.TRAINING_ENGINE, TrainingEngineProvider.class));
    assertEquals("No TrainingEngine named 'tensorflow' is available. Available: [beta, alpha]. "
        + "Add dev.modelkit:modelkit-training-djl to the classpath.", e.getMessage());
  }

  @Test
  void aMissingKindFailsNamingTheArtifact() {
    ProviderRegistry r = ProviderRegistry.discover(FixtureLoader.only("ranked"), ProviderOverrides.none());
    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
        () -> r.selectDescribed(ProviderKind.KNOWLEDGE_STORE));
    assertEquals("No KnowledgeStore is available. Add dev.modelkit:modelkit-kb-lucene to the classpath.",
        e.getMessage());
  }

  @Test
  void brokenProvidersAreReportedWithoutStoppingTheScan() {
    ProviderRegistry r = ProviderRegistry.discover(FixtureLoader.only("broken"), ProviderOverrides.none());
    assertEquals(List.of("beta"), names(r.found(ProviderKind.TRAINING_ENGINE)));
    List<String> failures = r.failures(ProviderKind.TRAINING_ENGINE);
    assertEquals(3, failures.size(), failures.toString());
    assertEquals(List.of(
        "dev.modelkit.core.internal.fixtures.ThrowingEngineProvider: IllegalStateException: native library libtorch.so not found",
        "Provider dev.modelkit.core.internal.fixtures.DoesNotExist not found",
        "dev.modelkit.core.internal.fixtures.NotAProvider not a subtype"), failures);
    assertEquals("beta", r.select(ProviderKind.TRAINING_ENGINE, TrainingEngineProvider.class).name());

    // the failures are part of the message when what was asked for is not there
    ProviderRegistry asked = ProviderRegistry.discover(FixtureLoader.only("broken"),
        sysprop("modelkit.training.engine", "throwing"));
    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
        () -> asked.select(ProviderKind.TRAINING_ENGINE, TrainingEngineProvider.class));
    assertEquals("No TrainingEngine named 'throwing' is available. Available: [beta]. Add "
        + "dev.modelkit:modelkit-training-djl to the classpath. Providers that failed to load: "
        + "[dev.modelkit.core.internal.fixtures.ThrowingEngineProvider: IllegalStateException: native library "
        + "libtorch.so not found, Provider dev.modelkit.core.internal.fixtures.DoesNotExist not found, "
        + "dev.modelkit.core.internal.fixtures.NotAProvider not a subtype].", e.getMessage());
  }

  @Test
  void duplicateNamesFailFast() {
    ModelKitException e = assertThrows(ModelKitException.class,
        () -> ProviderRegistry.discover(FixtureLoader.only("duplicate"), ProviderOverrides.none()));
    assertEquals("Two TrainingEngine providers are named 'BETA': dev.modelkit.core.internal.fixtures.BetaEngineProvider "
        + "(test-classes) and dev.modelkit.core.internal.fixtures.TwinOfBetaProvider (test-classes). Remove one of "
        + "them from the classpath.", e.getMessage());
  }

  @Test
  void invalidNamesFailFast() {
    ModelKitException e = assertThrows(ModelKitException.class,
        () -> ProviderRegistry.discover(FixtureLoader.only("badname"), ProviderOverrides.none()));
    assertEquals("TrainingEngine provider dev.modelkit.core.internal.fixtures.BadNameProvider has the invalid name "
        + "'py torch'. Provider names must be 1 to 127 ASCII letters, digits or dashes; fix the provider's name() or "
        + "remove its jar from the classpath.", e.getMessage());
  }

  @Test
  void allAlertSinksAreUsedUnlessSomeAreListed() {
    ProviderRegistry all = ProviderRegistry.discover(FixtureLoader.only("ranked"), ProviderOverrides.none());
    assertEquals(List.of("first", "second"), names(all.selectAll(ProviderKind.ALERT_SINK)));
    ProviderRegistry listed = ProviderRegistry.discover(FixtureLoader.only("ranked"),
        sysprop("modelkit.alert.sink", "second"));
    assertEquals(List.of("second"), names(listed.selectAll(ProviderKind.ALERT_SINK)));
    ProviderRegistry wrong = ProviderRegistry.discover(FixtureLoader.only("ranked"),
        sysprop("modelkit.alert.sink", "second, slack"));
    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
        () -> wrong.selectAll(ProviderKind.ALERT_SINK));
    assertEquals("No AlertSink named 'slack' is available. Available: [first, second]. Add dev.modelkit:modelkit-core "
        + "to the classpath.", e.getMessage());
  }

  @Test
  void theModulesOwnProvidersAreFoundOnTheClassPath() {
    ProviderRegistry r = ProviderRegistry.discover(getClass().getClassLoader(), ProviderOverrides.none());
    assertEquals(List.of("sqlite"), names(r.found(ProviderKind.METADATA_STORE)));
    assertEquals(List.of("file"), names(r.found(ProviderKind.ARTIFACT_STORE)));
    assertEquals(List.of("log", "webhook"), names(r.found(ProviderKind.ALERT_SINK)));
    for (ProviderKind k : ProviderKind.values()) {
      assertEquals(List.of(), r.failures(k), k.toString());
    }
  }
}
