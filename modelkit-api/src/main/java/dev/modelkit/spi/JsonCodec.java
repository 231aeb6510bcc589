package dev.modelkit.spi;

/**
 * The runtime's JSON codec, handed to providers so that every stored object uses the same
 * spelling (the seed's field names, {@link dev.modelkit.config.WireValue} enum names, ISO-8601
 * instants, Kubernetes quantities).
 */
public interface JsonCodec {

  /**
   * @param value a record, list, map or scalar
   * @return its JSON
   */
  String toJson(Object value);

  /**
   * @param json JSON text
   * @param type the record or scalar type
   * @param <T> the type
   * @return the value
   * @throws dev.modelkit.ConfigurationException listing every problem
   */
  <T> T fromJson(String json, Class<T> type);
}
