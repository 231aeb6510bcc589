package dev.modelkit.modulecheck;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.core.ModelKit;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.security.Principal;
import dev.modelkit.security.Roles;
import dev.modelkit.spi.ProviderKind;
import dev.modelkit.training.TrainingConfiguration;
import java.nio.file.Path;

/**
 * Run by {@link ModuleDescriptorTest} in a child JVM with ModelKit on the module path: opens a
 * runtime, which only works if the descriptor's requires, uses and provides are right, and prints
 * what it found.
 */
public final class ModulePathMain {
  private ModulePathMain() {}

  /**
   * @param args the home directory, then a training configuration file
   */
  public static void main(String[] args) {
    try (ModelKit kit = ModelKit.builder().home(Path.of(args[0])).build()) {
      CustomModelTrainingService admin = kit.service(Principal.of("ada", "acme", Roles.ADMINISTRATOR));
      TrainingConfiguration config = new ConfigCodec().read(Path.of(args[1]), TrainingConfiguration.class);
      kit.service(Principal.of("dana", "acme", Roles.DATA_SCIENTIST))
          .createTrainingJob(config.toBuilder().organizationId("acme").datasetConfig(openData(config)).build());
      System.out.println("module=" + ModelKit.class.getModule().getName());
      System.out.println("metadata=" + kit.providers(ProviderKind.METADATA_STORE));
      System.out.println("artifacts=" + kit.providers(ProviderKind.ARTIFACT_STORE));
      System.out.println("sinks=" + kit.providers(ProviderKind.ALERT_SINK));
      System.out.println("jobs=" + admin.jobs().list(null, 0, 10).size());
      System.out.println("audit=" + admin.audit().verify().valid());
    }
  }

  /** The seed asks for encryption and an access list of role 'authorized_users'; this check is about modules. */
  private static dev.modelkit.training.DatasetConfiguration openData(TrainingConfiguration config) {
    var d = config.datasetConfig();
    return new dev.modelkit.training.DatasetConfiguration(d.trainingData(), d.validationData(), d.testData(),
        d.dataPreprocessing(), dev.modelkit.training.PrivacyConfig.none());
  }
}
