package dev.modelkit.training;

import dev.modelkit.config.Checks;
import java.util.List;

/**
 * Reuse of a source model's weights.
 *
 * @param sourceModel a ModelKit model version ({@code modelId:version}), a TorchScript file, or a
 *     supported pretrained encoder name
 * @param freezeLayers layer names kept fixed
 * @param fineTuneLayers layer names trained
 * @param transferStrategy how layers are unfrozen over time
 * @param domainAdaptation whether the source comes from another domain
 * @param unfreezeEveryEpochs for gradual unfreezing: unfreeze one more block every this many
 *     epochs, at least 1
 */
public record TransferLearningConfig(
    String sourceModel, List<String> freezeLayers, List<String> fineTuneLayers,
    TransferStrategy transferStrategy, boolean domainAdaptation, Integer unfreezeEveryEpochs) {

  /** Validates and copies. */
  public TransferLearningConfig {
    Checks c = new Checks("TransferLearningConfig");
    c.notBlank("sourceModel", sourceModel);
    c.required("transferStrategy", transferStrategy);
    c.noBlanks("freezeLayers", freezeLayers);
    c.noBlanks("fineTuneLayers", fineTuneLayers);
    c.atLeast("unfreezeEveryEpochs", unfreezeEveryEpochs, 1);
    c.throwIfAny();
    freezeLayers = freezeLayers == null ? List.of() : List.copyOf(freezeLayers);
    fineTuneLayers = fineTuneLayers == null ? List.of() : List.copyOf(fineTuneLayers);
    unfreezeEveryEpochs = unfreezeEveryEpochs == null ? 1 : unfreezeEveryEpochs;
  }
}
