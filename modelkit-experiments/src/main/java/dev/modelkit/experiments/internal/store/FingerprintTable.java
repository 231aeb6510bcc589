package dev.modelkit.experiments.internal.store;

/**
 * An open-addressing hash map from 64-bit fingerprints to a byte, with linear probing, in two
 * primitive arrays: 9 bytes per slot, at most half full, so about 18 bytes per entry. Used to
 * remember each exposed unit's variant and each (unit, metric) already recorded, which is what
 * lets late outcomes be attributed and repeated events be ignored.
 *
 * <p>Fingerprint 0 marks an empty slot, so it is stored as 1 (a collision of probability 2^-64).
 * Not thread-safe.
 */
public final class FingerprintTable {
  private long[] keys;
  private byte[] values;
  private int size;
  private int mask;
  private int shift;

  /** @param expected entries to size for */
  public FingerprintTable(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new byte[capacity];
    mask = capacity - 1;
    shift = Long.numberOfLeadingZeros(capacity) + 1;
  }

  /**
   * @param fingerprint a key
   * @return its value (0 to 255), or -1 when absent
   */
  public int get(long fingerprint) {
    long key = fingerprint == 0 ? 1 : fingerprint;
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i] & 0xff;
      }
      if (k == 0) {
        return -1;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * @param fingerprint a key
   * @param value its value
   * @return the existing value (0 to 255) when present, else -1 after inserting
   */
  public int putIfAbsent(long fingerprint, int value) {
    long key = fingerprint == 0 ? 1 : fingerprint;
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i] & 0xff;
      }
      if (k == 0) {
        keys[i] = key;
        values[i] = (byte) value;
        if (++size * 2 > keys.length) {
          grow();
        }
        return -1;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * Replaces the value of a present key.
   *
   * @param fingerprint a key that is present
   * @param value the new value
   */
  public void replace(long fingerprint, int value) {
    long key = fingerprint == 0 ? 1 : fingerprint;
    int i = slot(key);
    while (keys[i] != key) {
      if (keys[i] == 0) {
        throw new IllegalStateException("fingerprint not present");
      }
      i = (i + 1) & mask;
    }
    values[i] = (byte) value;
  }

  /** @return number of entries */
  public int size() {
    return size;
  }

  /**
   * Visits every entry.
   *
   * @param visitor receives each key and value
   */
  public void forEach(EntryVisitor visitor) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        visitor.visit(keys[i], values[i] & 0xff);
      }
    }
  }

  /** Receives the entries of a table. */
  @FunctionalInterface
  public interface EntryVisitor {
    /**
     * @param fingerprint the key
     * @param value its value
     */
    void visit(long fingerprint, int value);
  }

  private int slot(long key) {
    // The fingerprints are already hashes; a multiplicative step spreads any low-bit structure.
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }

  private void grow() {
    long[] oldKeys = keys;
    byte[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new byte[oldKeys.length * 2];
    mask = keys.length - 1;
    shift = Long.numberOfLeadingZeros(keys.length) + 1;
    for (int i = 0; i < oldKeys.length; i++) {
      long k = oldKeys[i];
      if (k != 0) {
        int j = slot(k);
        while (keys[j] != 0) {
          j = (j + 1) & mask;
        }
        keys[j] = k;
        values[j] = oldValues[i];
      }
    }
  }
}
