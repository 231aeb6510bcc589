package dev.modelkit.training;

import dev.modelkit.config.WireValue;

/** The file format of a model imported from outside ModelKit. */
public enum ModelFormat implements WireValue {
  /** An ONNX graph ({@code .onnx}). */
  ONNX("onnx"),
  /** A TensorFlow SavedModel directory. */
  TENSORFLOW_SAVED_MODEL("tensorflow_saved_model");

  private final String wire;

  ModelFormat(String wire) {
    this.wire = wire;
  }

  @Override
  public String wireName() {
    return wire;
  }
}
