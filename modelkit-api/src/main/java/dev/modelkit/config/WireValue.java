package dev.modelkit.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum whose constants are written in JSON with the seed's spelling (for example {@code
 * fine_tuning}, {@code k_fold}, {@code blue_green}) rather than the Java constant name.
 */
public interface WireValue {

  /** @return the spelling used in JSON configuration files */
  String wireName();

  /**
   * The default spelling: the constant's name in lower case.
   *
   * @param constant an enum constant
   * @return {@code constant.name().toLowerCase()}
   */
  static String lower(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Looks up a constant by its wire name, case-insensitively.
   *
   * @param type the enum type
   * @param wire the spelling from a configuration file
   * @param <E> the enum type
   * @return the constant
   * @throws IllegalArgumentException listing the accepted spellings when none matches
   */
  static <E extends Enum<E> & WireValue> E parse(Class<E> type, String wire) {
    for (E e : type.getEnumConstants()) {
      if (e.wireName().equalsIgnoreCase(wire)) {
        return e;
      }
    }
    throw new IllegalArgumentException("be one of " + names(type));
  }

  /**
   * @param type an enum type
   * @return its wire names, comma separated, for error messages
   */
  static String names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(e -> ((WireValue) e).wireName())
        .collect(Collectors.joining(", "));
  }
}
