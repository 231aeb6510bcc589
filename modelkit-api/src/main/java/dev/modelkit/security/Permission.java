package dev.modelkit.security;

import dev.modelkit.config.WireValue;

/** What an operation needs the caller to be allowed to do. */
public enum Permission implements WireValue {
  /** Read jobs, models, metrics, experiments, deployments and knowledge bases. */
  READ,
  /** Create, start and cancel training jobs; register model versions. */
  TRAIN,
  /** Create, run, stop and roll back A/B experiments. */
  EXPERIMENT,
  /** Create, change and delete knowledge bases and their documents. */
  MANAGE_KNOWLEDGE,
  /** Record predictions and outcomes; read monitoring and drift; manage alert rules. */
  MONITOR,
  /** Deploy, promote, pause and roll back model versions. */
  DEPLOY,
  /** Move model versions between lifecycle stages. */
  MANAGE_LIFECYCLE,
  /** Approve model versions for staging or production. */
  APPROVE,
  /** Query and verify the audit trail. */
  AUDIT,
  /** Change resource pools, prices, budgets and role mappings. */
  ADMINISTER;

  @Override
  public String wireName() {
    return WireValue.lower(this);
  }
}
