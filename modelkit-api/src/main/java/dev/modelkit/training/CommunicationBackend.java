package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** Collective-communication library for multi-device training. */
public enum CommunicationBackend implements WireValue {
  /** NVIDIA NCCL. */
  NCCL("nccl"),
  /** Gloo. */
  GLOO("gloo"),
  /** MPI. */
  MPI("mpi");

  private final String wire;

  CommunicationBackend(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
