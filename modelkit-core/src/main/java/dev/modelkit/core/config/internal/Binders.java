package dev.modelkit.core.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelkit.config.Quantity;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds (and caches) the {@link Binder} for a Java type. Thread-safe; one instance per codec.
 *
 * <p>Supported: records, enums, String, primitive and boxed numbers and booleans, BigDecimal,
 * BigInteger, Instant, LocalDate, Duration, UUID, {@link Quantity}, {@link JsonNode}, {@code
 * Object} (free-form JSON), and {@code List}, {@code Set}, {@code Collection} and {@code Map}
 * (String or enum keys) of any of them.
 */
public final class Binders {
  private static final Map<Class<?>, Binder> SCALARS = Map.ofEntries(
      Map.entry(String.class, ScalarBinders.STRING),
      Map.entry(boolean.class, ScalarBinders.BOOLEAN), Map.entry(Boolean.class, ScalarBinders.BOOLEAN),
      Map.entry(int.class, ScalarBinders.INT), Map.entry(Integer.class, ScalarBinders.INT),
      Map.entry(long.class, ScalarBinders.LONG), Map.entry(Long.class, ScalarBinders.LONG),
      Map.entry(short.class, ScalarBinders.SHORT), Map.entry(Short.class, ScalarBinders.SHORT),
      Map.entry(byte.class, ScalarBinders.BYTE), Map.entry(Byte.class, ScalarBinders.BYTE),
      Map.entry(double.class, ScalarBinders.DOUBLE), Map.entry(Double.class, ScalarBinders.DOUBLE),
      Map.entry(float.class, ScalarBinders.FLOAT), Map.entry(Float.class, ScalarBinders.FLOAT),
      Map.entry(BigDecimal.class, ScalarBinders.BIG_DECIMAL), Map.entry(BigInteger.class, ScalarBinders.BIG_INTEGER),
      Map.entry(Instant.class, ScalarBinders.INSTANT_BINDER), Map.entry(LocalDate.class, ScalarBinders.LOCAL_DATE),
      Map.entry(Duration.class, ScalarBinders.DURATION), Map.entry(UUID.class, ScalarBinders.UUID_BINDER),
      Map.entry(Quantity.class, ScalarBinders.QUANTITY));

  private final Map<Type, Binder> cache = new ConcurrentHashMap<>();
  private final Binder freeForm = new FreeFormBinder(this);

  /**
   * @param type a declared type, for example a record class or {@code List<DataSource>}
   * @return its binder
   * @throws IllegalArgumentException if the type cannot be bound
   */
  public Binder forType(Type type) {
    Binder b = cache.get(type);
    if (b == null) {
      b = create(type);
      Binder raced = cache.putIfAbsent(type, b);
      if (raced != null) {
        b = raced;
      }
    }
    return b;
  }

  /**
   * @param type the runtime class of a value being written
   * @return the binder for it; collections and maps are written free-form
   */
  public Binder forRuntimeClass(Class<?> type) {
    if (Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
      return freeForm;
    }
    if (JsonNode.class.isAssignableFrom(type)) {
      return TreeBinder.INSTANCE;
    }
    if (type.isAnonymousClass() && type.getSuperclass() != null && type.getSuperclass().isEnum()) {
      return forType(type.getSuperclass());
    }
    return forType(type);
  }

  private Binder create(Type type) {
    if (type instanceof Class<?> c) {
      return forClass(c);
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
        return new CollectionBinders.ListBinder(forType(args[0]));
      }
      if (raw == Set.class) {
        return new CollectionBinders.SetBinder(forType(args[0]));
      }
      if (raw == Map.class) {
        return new CollectionBinders.MapBinder(keyBinder(args[0], type), forType(args[1]));
      }
      return forClass(raw);
    }
    if (type instanceof WildcardType w) {
      return forType(w.getUpperBounds()[0]);
    }
    if (type instanceof TypeVariable<?>) {
      return freeForm;
    }
    if (type instanceof GenericArrayType) {
      throw unsupported(type);
    }
    throw unsupported(type);
  }

  private EnumBinder keyBinder(Type key, Type mapType) {
    Type k = key instanceof WildcardType w ? w.getUpperBounds()[0] : key;
    if (k == String.class || k == Object.class || k instanceof TypeVariable<?>) {
      return null;
    }
    if (k instanceof Class<?> c && c.isEnum()) {
      return (EnumBinder) forType(c);
    }
    throw new IllegalArgumentException("ConfigCodec cannot bind " + mapType.getTypeName()
        + ": map keys must be String or an enum");
  }

  private Binder forClass(Class<?> c) {
    Binder scalar = SCALARS.get(c);
    if (scalar != null) {
      return scalar;
    }
    if (c == Object.class) {
      return freeForm;
    }
    if (JsonNode.class.isAssignableFrom(c)) {
      return TreeBinder.INSTANCE;
    }
    if (c.isEnum()) {
      return new EnumBinder(c);
    }
    if (c.isRecord()) {
      return new RecordBinder(this, c);
    }
    if (c == List.class || c == Collection.class || c == Iterable.class) {
      return new CollectionBinders.ListBinder(freeForm);
    }
    if (c == Set.class) {
      return new CollectionBinders.SetBinder(freeForm);
    }
    if (c == Map.class) {
      return new CollectionBinders.MapBinder(null, freeForm);
    }
    throw unsupported(c);
  }

  private static IllegalArgumentException unsupported(Type type) {
    return new IllegalArgumentException("ConfigCodec cannot bind " + type.getTypeName()
        + ": supported are records, enums, String, numbers, booleans, Instant, LocalDate, Duration, UUID, "
        + "Quantity, JsonNode, Object (free-form JSON), and List, Set or Map (String or enum keys) of them");
  }
}
