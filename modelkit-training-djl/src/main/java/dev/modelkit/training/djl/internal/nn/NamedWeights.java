package dev.modelkit.training.djl.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float tensors in a small self-describing binary form ({@code MKW1}, then name, shape and
 * values of each), used for model weights, checkpoints and optimiser state. Loading by name lets a
 * model reuse the layers of another whose shapes match (transfer, distillation, resume).
 */
public final class NamedWeights {
  private static final int MAGIC = 0x4D4B5731;
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();

  /**
   * One tensor.
   *
   * @param shape its dimensions
   * @param values its values, row-major
   */
  public record Tensor(long[] shape, float[] values) {}

  /**
   * @param parameters named parameters
   * @return a copy of their current values
   */
  public static NamedWeights snapshot(Map<String, Parameter> parameters) {
    NamedWeights w = new NamedWeights();
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      NDArray a = e.getValue().getArray();
      w.put(e.getKey(), a.getShape().getShape(), a.toFloatArray());
    }
    return w;
  }

  /**
   * @param name a name
   * @param shape the shape
   * @param values the values
   */
  public void put(String name, long[] shape, float[] values) {
    tensors.put(name, new Tensor(shape.clone(), values));
  }

  /**
   * @param name a name
   * @return the tensor, or null
   */
  public Tensor get(String name) {
    return tensors.get(name);
  }

  /**
   * @param prefix a name prefix
   * @return the tensors whose names start with it, the prefix removed
   */
  public NamedWeights under(String prefix) {
    NamedWeights out = new NamedWeights();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        out.tensors.put(e.getKey().substring(prefix.length()), e.getValue());
      }
    }
    return out;
  }

  /**
   * Adds every tensor of another set under a prefix.
   *
   * @param prefix the prefix
   * @param other the tensors
   */
  public void putAll(String prefix, NamedWeights other) {
    for (Map.Entry<String, Tensor> e : other.tensors.entrySet()) {
      tensors.put(prefix + e.getKey(), e.getValue());
    }
  }

  /**
   * Stores doubles exactly in this float container: each as four 16-bit chunks of its bits, which a
   * float holds without rounding. Read them back with {@link #doubles}.
   *
   * @param name the name
   * @param values the values
   */
  public void putDoubles(String name, double... values) {
    float[] chunks = new float[4 * values.length];
    for (int v = 0; v < values.length; v++) {
      long bits = Double.doubleToRawLongBits(values[v]);
      for (int i = 0; i < 4; i++) {
        chunks[4 * v + i] = (float) ((bits >>> (16 * i)) & 0xFFFF);
      }
    }
    put(name, new long[] {chunks.length}, chunks);
  }

  /**
   * @param name a name written by {@link #putDoubles}
   * @return its values, or null when there is no such tensor
   */
  public double[] doubles(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      return null;
    }
    double[] out = new double[t.values().length / 4];
    for (int v = 0; v < out.length; v++) {
      long bits = 0;
      for (int i = 0; i < 4; i++) {
        bits |= ((long) t.values()[4 * v + i] & 0xFFFF) << (16 * i);
      }
      out[v] = Double.longBitsToDouble(bits);
    }
    return out;
  }

  /**
   * Copies values into an array's own storage. DJL's {@code NDArray.set(float[])} does not copy on
   * the CPU: it makes the tensor use a direct buffer that only that {@code NDArray} object keeps
   * alive, so once the object is unreachable the garbage collector frees memory the tensor (a
   * network parameter, an optimiser moment) still reads: weights turn to garbage or NaN at a
   * moment that depends on the collector. This writes through an index assignment instead, which
   * copies into the storage PyTorch owns.
   *
   * @param target the array to overwrite, in place
   * @param values its new values, row-major, as many as it has elements
   */
  public static void copyInto(NDArray target, float[] values) {
    if (values.length != target.size()) {
      throw new IllegalArgumentException("copyInto: " + values.length + " values for an array of shape "
          + target.getShape());
    }
    // an in-place write to a parameter that requires a gradient is refused while gradients are
    // recorded (the default on a new thread), so it runs with recording off, as NDArray.set does
    boolean recording = ai.djl.pytorch.jni.JniUtils.isGradMode();
    ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    try (NDArray source = target.getManager().create(values, target.getShape())) {
      target.set(new ai.djl.ndarray.index.NDIndex("..."), source);
    } finally {
      ai.djl.pytorch.jni.JniUtils.setGradMode(recording);
    }
  }

  /**
   * A scalar for arithmetic inside the autograd graph, in storage PyTorch owns. DJL's {@code
   * NDArray.mul(Number)} (and {@code div}) wraps the number in a temporary array over a direct
   * buffer and closes it at once; PyTorch keeps that scalar for the backward pass, and once the
   * collector frees the buffer the gradient is computed from freed memory: scaled by garbage, NaN
   * in a fresh JVM now and then. Multiply by this array instead; it lives as long as the graph
   * needs it.
   *
   * @param like an array whose manager (and current {@code NDScope}) the scalar joins
   * @param value the value
   * @return a 0-dimensional float array
   */
  public static NDArray constant(NDArray like, double value) {
    try (NDArray blob = like.getManager().create(new float[] {(float) value}, new ai.djl.ndarray.types.Shape())) {
      // an out-of-place operation writes its result to storage PyTorch allocates; add(Number) keeps
      // no operand for backward (and nothing here needs a gradient), so its own temporary is harmless
      return blob.add(0f);
    }
  }

  /** @return the tensors by name */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /** @return total number of values */
  public long size() {
    long n = 0;
    for (Tensor t : tensors.values()) {
      n += t.values.length;
    }
    return n;
  }

  /**
   * Copies values into parameters of the same name and shape.
   *
   * @param parameters the target parameters
   * @param only names to copy, or null for every one
   * @return the names copied
   */
  public java.util.List<String> restore(Map<String, Parameter> parameters, java.util.Set<String> only) {
    java.util.List<String> copied = new java.util.ArrayList<>();
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      Tensor t = tensors.get(e.getKey());
      if (t == null || (only != null && !only.contains(e.getKey()))) {
        continue;
      }
      NDArray a = e.getValue().getArray();
      if (!Arrays.equals(a.getShape().getShape(), t.shape)) {
        continue;
      }
      copyInto(a, t.values);
      copied.add(e.getKey());
    }
    return copied;
  }

  /** @return the serialised form */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(tensors.size());
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        out.writeUTF(e.getKey());
        long[] s = e.getValue().shape;
        out.writeInt(s.length);
        for (long d : s) {
          out.writeLong(d);
        }
        float[] v = e.getValue().values;
        out.writeInt(v.length);
        for (float f : v) {
          out.writeFloat(f);
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param data the serialised form
   * @return the weights
   * @throws IllegalArgumentException if the bytes are not in this format
   */
  public static NamedWeights fromBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a ModelKit weights file (bad magic number)");
      }
      NamedWeights w = new NamedWeights();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        long[] shape = new long[in.readInt()];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
        }
        float[] v = new float[in.readInt()];
        for (int j = 0; j < v.length; j++) {
          v[j] = in.readFloat();
        }
        w.put(name, shape, v);
      }
      return w;
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated ModelKit weights file: " + e.getMessage(), e);
    }
  }
}
