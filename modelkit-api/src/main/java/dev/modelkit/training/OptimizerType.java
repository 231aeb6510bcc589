package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** Optimisation algorithm. */
public enum OptimizerType implements WireValue {
  /** Adam (Kingma and Ba). */
  ADAM("adam"),
  /** Adam with decoupled weight decay (Loshchilov and Hutter). */
  ADAMW("adamw"),
  /** Stochastic gradient descent with optional momentum. */
  SGD("sgd");

  private final String wire;

  OptimizerType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
