package dev.modelkit.core.monitoring.internal;

/**
 * Layout of a prediction id: 15 bits of monitor number (unique per organisation), 8 bits of
 * epoch (incremented each time the monitor is loaded, so ids issued after the last flush before a
 * restart are never confused with new ones) and 40 bits of sequence number. The string form is
 * {@code pred-} followed by the decimal id.
 */
public final class PredictionIds {
  /** Prefix of the string form. */
  public static final String PREFIX = "pred-";
  static final int SEQ_BITS = 40;
  static final int EPOCH_BITS = 8;
  static final long SEQ_MASK = (1L << SEQ_BITS) - 1;
  static final int EPOCH_MASK = (1 << EPOCH_BITS) - 1;
  /** The largest monitor number. */
  public static final int MAX_NUMBER = (1 << 15) - 1;

  private PredictionIds() {}

  /**
   * @param number the monitor number
   * @param epoch the monitor's epoch
   * @param seq the sequence number
   * @return the id
   */
  public static long of(int number, int epoch, long seq) {
    return ((long) number << (SEQ_BITS + EPOCH_BITS)) | ((long) (epoch & EPOCH_MASK) << SEQ_BITS) | (seq & SEQ_MASK);
  }

  /** @param id an id @return its monitor number */
  public static int number(long id) {
    return (int) (id >>> (SEQ_BITS + EPOCH_BITS));
  }

  /** @param id an id @return its epoch */
  public static int epoch(long id) {
    return (int) (id >>> SEQ_BITS) & EPOCH_MASK;
  }

  /** @param id an id @return its sequence number */
  public static long seq(long id) {
    return id & SEQ_MASK;
  }

  /** @param id an id @return its string form */
  public static String format(long id) {
    return PREFIX + id;
  }

  /**
   * @param text a string id
   * @return the id, or -1 if the text is not one
   */
  public static long parse(String text) {
    if (text == null || !text.startsWith(PREFIX) || text.length() == PREFIX.length()
        || text.length() > PREFIX.length() + 19) {
      return -1;
    }
    long v = 0;
    for (int i = PREFIX.length(); i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      v = v * 10 + (ch - '0');
      if (v < 0) {
        return -1;
      }
    }
    return v;
  }
}
