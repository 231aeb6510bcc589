package dev.modelkit.core.monitoring.internal;

/**
 * The last {@code capacity} predictions of one monitored version, waiting for their outcomes.
 * A prediction's slot is its sequence number modulo the capacity (a power of two, so a mask), so
 * lookups are one array access and the buffer never grows: the join horizon is exactly the last
 * {@code capacity} predictions. Not thread-safe: the owning monitor holds its lock.
 */
public final class JoinBuffer {
  /** Flag bit: an outcome was joined. */
  static final byte LABELLED = 1;
  /** Flag bit: the prediction failed. */
  static final byte ERROR = 2;

  private final int capacity;
  private final int mask;
  private final long[] ids;
  private final short[] predicted;
  private final float[] probability;
  private final byte[] flags;

  /** @param horizon how many recent predictions to keep at least; rounded up to a power of two */
  public JoinBuffer(int horizon) {
    if (horizon < 1 || horizon > 1 << 30) {
      throw new IllegalArgumentException("join horizon was " + horizon + " but it must be between 1 and 2^30");
    }
    this.capacity = Integer.highestOneBit(horizon) == horizon ? horizon : Integer.highestOneBit(horizon) << 1;
    this.mask = capacity - 1;
    this.ids = new long[capacity];
    this.predicted = new short[capacity];
    this.probability = new float[capacity];
    this.flags = new byte[capacity];
    java.util.Arrays.fill(ids, -1L);
  }

  /** @return how many predictions the buffer keeps: the horizon rounded up to a power of two */
  public int capacity() {
    return capacity;
  }

  /**
   * @param seq the prediction's sequence number
   * @param id its full id
   * @param predictedCode its predicted label's code, -1 when none
   * @param prob its probability, NaN when none
   * @param error whether it failed
   */
  public void put(long seq, long id, int predictedCode, double prob, boolean error) {
    int slot = (int) (seq & mask);
    ids[slot] = id;
    predicted[slot] = (short) predictedCode;
    probability[slot] = (float) prob;
    flags[slot] = error ? ERROR : 0;
  }

  /**
   * @param seq a sequence number
   * @param id the full id expected there
   * @return the slot holding that prediction, or -1 if it is no longer (or never was) there
   */
  public int find(long seq, long id) {
    int slot = (int) (seq & mask);
    return ids[slot] == id ? slot : -1;
  }

  /** @param slot a slot from {@link #find} @return the predicted label's code */
  public int predicted(int slot) {
    return predicted[slot];
  }

  /** @param slot a slot @return the predicted probability, NaN when none */
  public double probability(int slot) {
    return probability[slot];
  }

  /** @param slot a slot @return whether an outcome was already joined */
  public boolean labelled(int slot) {
    return (flags[slot] & LABELLED) != 0;
  }

  /** @param slot a slot @return whether the prediction failed */
  public boolean error(int slot) {
    return (flags[slot] & ERROR) != 0;
  }

  /** @param slot a slot to mark as joined */
  public void markLabelled(int slot) {
    flags[slot] |= LABELLED;
  }

  /** @param slot a slot @return the id held there, -1 when empty */
  public long id(int slot) {
    return ids[slot];
  }

  /** @param slot a slot @return its raw flags */
  byte flags(int slot) {
    return flags[slot];
  }

  /**
   * Restores one entry read back from disk.
   *
   * @param seq its sequence number
   * @param id its id
   * @param predictedCode its label code
   * @param prob its probability
   * @param rawFlags its flags
   */
  void restore(long seq, long id, int predictedCode, float prob, byte rawFlags) {
    int slot = (int) (seq & mask);
    ids[slot] = id;
    predicted[slot] = (short) predictedCode;
    probability[slot] = prob;
    flags[slot] = rawFlags;
  }

  /** @return bytes held by the arrays */
  public long retainedBytes() {
    return 64 + capacity * (8L + 2 + 4 + 1) + 4 * 16;
  }
}
