package dev.modelkit.core.pipeline.internal;

import dev.modelkit.pipeline.ModelTrainingPipeline;
import dev.modelkit.security.Principal;
import java.util.Set;

/**
 * A pipeline as persisted: the pipeline and the roles its creator held, so that triggered runs act
 * as the creator with those roles.
 *
 * @param pipeline the pipeline
 * @param ownerRoles the creator's roles when they created it
 * @param updatedAt when its definition last changed, null if never
 * @param updatedBy who changed it last, null if never
 */
public record StoredPipeline(ModelTrainingPipeline pipeline, Set<String> ownerRoles, java.time.Instant updatedAt,
    String updatedBy) {

  /**
   * A pipeline as created.
   *
   * @param pipeline the pipeline
   * @param ownerRoles the creator's roles
   */
  public StoredPipeline(ModelTrainingPipeline pipeline, Set<String> ownerRoles) {
    this(pipeline, ownerRoles, null, null);
  }

  /** Copies the roles. */
  public StoredPipeline {
    ownerRoles = ownerRoles == null ? Set.of() : Set.copyOf(ownerRoles);
  }

  /** @return the principal triggered runs act as */
  public Principal owner() {
    return new Principal(pipeline.createdBy(), pipeline.organizationId(), ownerRoles);
  }
}
