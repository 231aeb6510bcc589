package dev.modelkit.experiments.internal.store;

import dev.modelkit.experiments.internal.assign.Murmur3;
import java.util.function.LongBinaryOperator;

/**
 * What is known about each exposed unit, in an open-addressing hash table with linear probing:
 * two {@code long}s per slot, side by side so that a lookup touches one cache line. The first
 * holds the unit's key (high 56 bits) and a byte of metadata (its first variant and a "moved"
 * flag); the second is a bit set of the metrics already recorded for the unit, which is how
 * repeated events are recognised without a second table. At most half full: 32 bytes per unit.
 *
 * <p>A key is the high 56 bits of the unit's 64-bit hash after MurmurHash3's bijective mix, so
 * two units collide with probability about n^2 / 2^57 (under 0.1% for 10 million units), which
 * would count the second as a repeat. A key of all zeros, which marks empty slots, is stored as 1.
 *
 * <p>Writes must be serialised by the owner. {@link #peek} may run concurrently with writes:
 * entries are never removed and a grown array is published only once filled, so a hit is always
 * true; a miss may be stale and must be confirmed under the owner's lock.
 */
public final class UnitTable {
  /** {@link #recordMetric}: the unit is not in the table. */
  public static final int ABSENT = -1;
  /** {@link #recordMetric}: the metric was already recorded for the unit. */
  public static final int ALREADY_RECORDED = -2;
  /** Metrics a unit can have recorded. */
  public static final int MAX_METRICS = 64;

  private static final long KEY_MASK = ~0xFFL;

  private volatile long[] slots;
  private int size;

  /** @param expected units to size for */
  public UnitTable(int expected) {
    slots = new long[2 * (Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1)];
  }

  /**
   * Lookup safe against a concurrent writer; see the class comment.
   *
   * @param unitHash the unit's hash
   * @return its metadata byte, or -1 when absent or not yet visible
   */
  public int peek(long unitHash) {
    long[] s = slots;
    int i = find(s, key(unitHash));
    return i < 0 ? -1 : (int) (s[i] & 0xFF);
  }

  /**
   * @param unitHash the unit's hash
   * @return its metadata byte, or -1
   */
  public int get(long unitHash) {
    return peek(unitHash);
  }

  /**
   * @param unitHash the unit's hash
   * @param meta its metadata byte
   * @return the existing metadata when present, else -1 after inserting
   */
  public int putIfAbsent(long unitHash, int meta) {
    long key = key(unitHash);
    long[] s = slots;
    int mask = s.length - 1;
    int i = slot(key, s.length);
    while (true) {
      long entry = s[i];
      if ((entry & KEY_MASK) == key) {
        return (int) (entry & 0xFF);
      }
      if (entry == 0) {
        s[i + 1] = 0;
        s[i] = key | (meta & 0xFF);
        if (++size * 4 > s.length) {
          grow();
        }
        return -1;
      }
      i = (i + 2) & mask;
    }
  }

  /**
   * Replaces the metadata of a present unit.
   *
   * @param unitHash the unit's hash
   * @param meta the new metadata byte
   */
  public void setMeta(long unitHash, int meta) {
    long key = key(unitHash);
    long[] s = slots;
    int i = find(s, key);
    if (i < 0) {
      throw new IllegalStateException("unit not present");
    }
    s[i] = key | (meta & 0xFF);
  }

  /**
   * Marks a metric as recorded for a unit, in one probe.
   *
   * @param unitHash the unit's hash
   * @param metric the metric's index, below {@value #MAX_METRICS}
   * @return the unit's metadata byte when newly marked, {@link #ABSENT} or {@link #ALREADY_RECORDED}
   */
  public int recordMetric(long unitHash, int metric) {
    long[] s = slots;
    int i = find(s, key(unitHash));
    if (i < 0) {
      return ABSENT;
    }
    long bit = 1L << metric;
    if ((s[i + 1] & bit) != 0) {
      return ALREADY_RECORDED;
    }
    s[i + 1] |= bit;
    return (int) (s[i] & 0xFF);
  }

  /** @return number of units */
  public int size() {
    return size;
  }

  /** @return number of recorded (unit, metric) pairs */
  public long recordedMetrics() {
    long n = 0;
    long[] s = slots;
    for (int i = 0; i < s.length; i += 2) {
      n += Long.bitCount(s[i + 1]);
    }
    return n;
  }

  /**
   * Visits every entry in its stored form, for checkpoints.
   *
   * @param visitor receives each entry's two words; its result is ignored
   */
  public void forEachEntry(LongBinaryOperator visitor) {
    long[] s = slots;
    for (int i = 0; i < s.length; i += 2) {
      if (s[i] != 0) {
        visitor.applyAsLong(s[i], s[i + 1]);
      }
    }
  }

  /**
   * Restores an entry visited by {@link #forEachEntry}.
   *
   * @param first the entry's first word
   * @param second its second word
   */
  public void putEntry(long first, long second) {
    long key = first & KEY_MASK;
    long[] s = slots;
    int mask = s.length - 1;
    int i = slot(key, s.length);
    while (s[i] != 0) {
      if ((s[i] & KEY_MASK) == key) {
        return;
      }
      i = (i + 2) & mask;
    }
    s[i] = first;
    s[i + 1] = second;
    if (++size * 4 > s.length) {
      grow();
    }
  }

  private static int find(long[] s, long key) {
    int mask = s.length - 1;
    int i = slot(key, s.length);
    while (true) {
      long entry = s[i];
      if ((entry & KEY_MASK) == key) {
        return i;
      }
      if (entry == 0) {
        return -1;
      }
      i = (i + 2) & mask;
    }
  }

  private static long key(long unitHash) {
    long key = Murmur3.fmix64(unitHash) & KEY_MASK;
    return key == 0 ? 0x100 : key;
  }

  // Even index of the key's home slot: the top bits of a multiplicative hash, times two.
  private static int slot(long key, int length) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> (Long.numberOfLeadingZeros(length) + 2)) << 1;
  }

  private void grow() {
    long[] old = slots;
    long[] next = new long[old.length * 2];
    int mask = next.length - 1;
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != 0) {
        int j = slot(old[i] & KEY_MASK, next.length);
        while (next[j] != 0) {
          j = (j + 2) & mask;
        }
        next[j] = old[i];
        next[j + 1] = old[i + 1];
      }
    }
    slots = next;
  }
}
