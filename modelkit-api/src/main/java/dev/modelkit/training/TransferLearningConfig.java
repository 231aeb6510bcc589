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
 * @param pseudoLabelThreshold for domain adaptation on unlabelled in-domain rows: the source
 *     model's top class probability a row needs to be labelled by it and trained on (0.5 to 1,
 *     default 0.9); less confident rows are left out
 */
public record TransferLearningConfig(
    String sourceModel, List<String> freezeLayers, List<String> fineTuneLayers,
    TransferStrategy transferStrategy, boolean domainAdaptation, Integer unfreezeEveryEpochs,
    Double pseudoLabelThreshold) {

  /** The confidence a source model needs to label an unlabelled in-domain row, when none is set. */
  public static final double DEFAULT_PSEUDO_LABEL_THRESHOLD = 0.9;

  /**
   * Without a pseudo-label threshold (the default of 0.9 applies).
   *
   * @param sourceModel see the record
   * @param freezeLayers see the record
   * @param fineTuneLayers see the record
   * @param transferStrategy see the record
   * @param domainAdaptation see the record
   * @param unfreezeEveryEpochs see the record
   */
  public TransferLearningConfig(String sourceModel, List<String> freezeLayers, List<String> fineTuneLayers,
      TransferStrategy transferStrategy, boolean domainAdaptation, Integer unfreezeEveryEpochs) {
    this(sourceModel, freezeLayers, fineTuneLayers, transferStrategy, domainAdaptation, unfreezeEveryEpochs, null);
  }

  /** Validates and copies. */
  public TransferLearningConfig {
    Checks c = new Checks("TransferLearningConfig");
    c.notBlank("sourceModel", sourceModel);
    c.required("transferStrategy", transferStrategy);
    c.noBlanks("freezeLayers", freezeLayers);
    c.noBlanks("fineTuneLayers", fineTuneLayers);
    c.atLeast("unfreezeEveryEpochs", unfreezeEveryEpochs, 1);
    c.check(pseudoLabelThreshold == null || (pseudoLabelThreshold >= 0.5 && pseudoLabelThreshold <= 1.0),
        "pseudoLabelThreshold", pseudoLabelThreshold, "be between 0.5 and 1 (the source model's top class probability"
            + " an unlabelled row needs to be used)");
    c.throwIfAny();
    freezeLayers = freezeLayers == null ? List.of() : List.copyOf(freezeLayers);
    fineTuneLayers = fineTuneLayers == null ? List.of() : List.copyOf(fineTuneLayers);
    unfreezeEveryEpochs = unfreezeEveryEpochs == null ? 1 : unfreezeEveryEpochs;
    pseudoLabelThreshold = pseudoLabelThreshold == null ? DEFAULT_PSEUDO_LABEL_THRESHOLD : pseudoLabelThreshold;
  }
}
