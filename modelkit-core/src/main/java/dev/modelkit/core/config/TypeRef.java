package dev.modelkit.core.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type for {@link ConfigCodec}, for example {@code new TypeRef<List<KnowledgeDocument>>()
 * {}}, because {@code List<KnowledgeDocument>.class} cannot be written in Java.
 *
 * @param <T> the captured type
 */
public abstract class TypeRef<T> {
  private final Type type;

  /**
   * @throws IllegalArgumentException if the subclass does not name the type argument
   */
  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType p)) {
      throw new IllegalArgumentException("create a TypeRef as an anonymous subclass with its type argument: "
          + "new TypeRef<List<X>>() {}");
    }
    this.type = p.getActualTypeArguments()[0];
  }

  /** @return the captured type */
  public Type type() {
    return type;
  }
}
