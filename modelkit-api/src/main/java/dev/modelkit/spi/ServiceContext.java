package dev.modelkit.spi;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import java.time.Clock;

/**
 * What a provider's principal-bound view receives from the runtime: the caller, authorisation,
 * stores, the codec and the rest of the service (so that, for example, a deployment can consult
 * the model registry and monitoring).
 */
public interface ServiceContext {

  /** @return the caller */
  Principal principal();

  /**
   * @param permission what the operation needs
   * @throws dev.modelkit.AccessDeniedException naming the caller, the permission and their roles
   */
  void require(Permission permission);

  /** @return the metadata store */
  MetadataStore metadata();

  /** @return the artifact store */
  ArtifactStore artifacts();

  /** @return the JSON codec */
  JsonCodec json();

  /** @return the clock */
  Clock clock();

  /**
   * @param action what happened, for example {@code experiment.started}
   * @param entityKind the kind of object
   * @param entityId its id
   * @param before JSON before, or null
   * @param after JSON after, or null
   * @param reason why, or null
   * @return an audit draft for the caller and now, to pass to {@link MetadataStore#save}
   */
  AuditDraft audit(String action, String entityKind, String entityId, String before, String after, String reason);

  /** @return the whole service as the same caller */
  CustomModelTrainingService service();
}
