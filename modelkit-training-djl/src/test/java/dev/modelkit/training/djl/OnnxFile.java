package dev.modelkit.training.djl;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a small ONNX classifier (a logistic regression: MatMul, Add, Softmax) in the ONNX
 * protobuf wire format, so that the import test runs a real ONNX Runtime session on a file whose
 * weights it knows. Field numbers are those of onnx.proto (IR version 8, opset 13).
 */
final class OnnxFile {
  private OnnxFile() {}

  static byte[] logisticRegression(float[][] weights, float[] bias) {
    int in = weights.length;
    int out = bias.length;
    float[] flat = new float[in * out];
    for (int i = 0; i < in; i++) {
      System.arraycopy(weights[i], 0, flat, i * out, out);
    }
    byte[] graph = concat(
        field(1, node(new String[] {"features", "W"}, new String[] {"logits0"}, "matmul", "MatMul")),
        field(1, node(new String[] {"logits0", "B"}, new String[] {"logits"}, "add", "Add")),
        field(1, node(new String[] {"logits"}, new String[] {"probabilities"}, "softmax", "Softmax")),
        field(2, "logistic_regression".getBytes(StandardCharsets.UTF_8)),
        field(5, tensor("W", new long[] {in, out}, flat)),
        field(5, tensor("B", new long[] {out}, bias)),
        field(11, valueInfo("features", in)),
        field(12, valueInfo("probabilities", out)));
    byte[] opset = concat(field(1, new byte[0]), varintField(2, 13));
    return concat(varintField(1, 8), field(2, "modelkit-test".getBytes(StandardCharsets.UTF_8)), field(7, graph),
        field(8, opset));
  }

  private static byte[] node(String[] inputs, String[] outputs, String name, String op) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String i : inputs) {
      b.writeBytes(field(1, i.getBytes(StandardCharsets.UTF_8)));
    }
    for (String o : outputs) {
      b.writeBytes(field(2, o.getBytes(StandardCharsets.UTF_8)));
    }
    b.writeBytes(field(3, name.getBytes(StandardCharsets.UTF_8)));
    b.writeBytes(field(4, op.getBytes(StandardCharsets.UTF_8)));
    return b.toByteArray();
  }

  private static byte[] tensor(String name, long[] dims, float[] values) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (long d : dims) {
      b.writeBytes(varintField(1, d));
    }
    b.writeBytes(varintField(2, 1));
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    b.writeBytes(field(8, name.getBytes(StandardCharsets.UTF_8)));
    b.writeBytes(field(9, raw.array()));
    return b.toByteArray();
  }

  private static byte[] valueInfo(String name, int width) {
    byte[] rows = field(1, field(2, "rows".getBytes(StandardCharsets.UTF_8)));
    byte[] cols = field(1, varintField(1, width));
    byte[] tensorType = concat(varintField(1, 1), field(2, concat(rows, cols)));
    return concat(field(1, name.getBytes(StandardCharsets.UTF_8)), field(2, field(1, tensorType)));
  }

  private static byte[] field(int number, byte[] payload) {
    return concat(varint((long) number << 3 | 2), varint(payload.length), payload);
  }

  private static byte[] varintField(int number, long value) {
    return concat(varint((long) number << 3), varint(value));
  }

  private static byte[] varint(long v) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while ((v & ~0x7FL) != 0) {
      b.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    b.write((int) v);
    return b.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
