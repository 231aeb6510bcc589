package dev.modelkit.training;

import java.util.List;
import java.util.Locale;

/**
 * The spellings accepted for {@code baseModel}.
 *
 * <ul>
 *   <li>{@code custom}: a model built from scratch for the data.
 *   <li>{@code all-minilm-l6-v2}: the pretrained sentence encoder, used frozen under a trainable
 *       head.
 *   <li>{@code model:<modelId>:<version>}: an earlier ModelKit model version.
 *   <li>{@code torchscript:<path>}: a TorchScript file.
 *   <li>{@code gpt-3.5-turbo}, {@code gpt-4}, {@code claude-3}: the seed's hosted models. They
 *       are valid names but cannot be trained in-process; the training engine refuses them and
 *       says that a remote fine-tuning provider can be plugged in through the TrainingEngine SPI.
 * </ul>
 */
public final class BaseModels {
  /** Hosted models named by the seed. */
  public static final List<String> HOSTED = List.of("gpt-3.5-turbo", "gpt-4", "claude-3");
  /** The pretrained sentence encoder. */
  public static final String MINILM = "all-minilm-l6-v2";
  /** A model built from scratch. */
  public static final String CUSTOM = "custom";
  /** Prefix of a registered ModelKit model version. */
  public static final String MODEL_PREFIX = "model:";
  /** Prefix of a TorchScript file. */
  public static final String TORCHSCRIPT_PREFIX = "torchscript:";
  /** The accepted spellings, phrased to complete "but it must ...". */
  public static final String EXPECTED = "be one of custom, all-minilm-l6-v2, gpt-3.5-turbo, gpt-4, claude-3, "
      + "model:<modelId>:<version> or torchscript:<path>";

  private BaseModels() {}

  /**
   * @param baseModel a configured base model
   * @return whether it is one of the accepted spellings
   */
  public static boolean isKnown(String baseModel) {
    if (baseModel == null) {
      return false;
    }
    String b = baseModel.toLowerCase(Locale.ROOT);
    if (b.equals(CUSTOM) || b.equals(MINILM) || HOSTED.contains(b)) {
      return true;
    }
    if (b.startsWith(MODEL_PREFIX)) {
      String[] parts = baseModel.substring(MODEL_PREFIX.length()).split(":", -1);
      return parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank();
    }
    return b.startsWith(TORCHSCRIPT_PREFIX) && baseModel.length() > TORCHSCRIPT_PREFIX.length();
  }

  /**
   * @param baseModel a configured base model
   * @return whether it names a hosted model that cannot be trained in-process
   */
  public static boolean isHosted(String baseModel) {
    return baseModel != null && HOSTED.contains(baseModel.toLowerCase(Locale.ROOT));
  }
}
