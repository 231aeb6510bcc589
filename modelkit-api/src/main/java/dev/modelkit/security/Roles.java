package dev.modelkit.security;

/**
 * The seed's four default roles. Any other role name may be used and mapped to permissions in a
 * {@link RolePolicy}.
 */
public final class Roles {
  /** Full training and experimentation access. */
  public static final String DATA_SCIENTIST = "data_scientist";
  /** Deployment and monitoring access. */
  public static final String ML_ENGINEER = "ml_engineer";
  /** View-only access to results. */
  public static final String BUSINESS_USER = "business_user";
  /** Full system administration access. */
  public static final String ADMINISTRATOR = "administrator";

  private Roles() {}
}
