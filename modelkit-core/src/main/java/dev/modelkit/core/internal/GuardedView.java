package dev.modelkit.core.internal;

import dev.modelkit.security.Permission;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Puts the runtime's own permission check in front of an area view, before the view's
 * implementation is even looked up.
 *
 * <p>This is why a forbidden call is refused with an {@code AccessDeniedException} even when the
 * area's engine is missing, and an allowed one gets the {@code ProviderNotFoundException}. The
 * implementation (from an area module) checks again through {@code ServiceContext.require}; the
 * two agree or the stricter wins. A dynamic proxy rather than a hand-written decorator keeps the
 * guard correct when an area module adds a method to its view: such a method, absent from the
 * rule table, is passed straight to the implementation, which checks it itself.
 *
 * @param <T> the view interface
 */
final class GuardedView<T> implements InvocationHandler {

  /**
   * What a view method needs.
   *
   * @param permission the permission
   * @param organisationArgument extracts the organisation an argument names (create calls), or null
   */
  record Rule(Permission permission, Function<Object[], String> organisationArgument) {
    static Rule of(Permission permission) {
      return new Rule(permission, null);
    }
  }

  private final Class<T> type;
  private final String area;
  private final BoundServiceContext ctx;
  private final Map<String, Rule> rules;
  private final Supplier<T> target;
  private volatile T resolved;

  private GuardedView(Class<T> type, String area, BoundServiceContext ctx, Map<String, Rule> rules, Supplier<T> target) {
    this.type = type;
    this.area = area;
    this.ctx = ctx;
    this.rules = rules;
    this.target = target;
  }

  /**
   * @param type the view interface
   * @param area the accessor's name on the service, for example {@code jobs}
   * @param ctx the caller's context
   * @param rules method name to rule
   * @param target creates the implementation; may throw ProviderNotFoundException
   * @param <T> the view type
   * @return the guarded view
   */
  static <T> T create(Class<T> type, String area, BoundServiceContext ctx, Map<String, Rule> rules, Supplier<T> target) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new GuardedView<>(type, area, ctx, rules, target)));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, args);
    }
    return CurrentOperation.run(area + "()." + method.getName(), () -> {
      String operation = CurrentOperation.name();
      Rule rule = rules.get(method.getName());
      if (rule != null) {
        ctx.require(rule.permission(), operation);
        if (rule.organisationArgument() != null && args != null) {
          String org = rule.organisationArgument().apply(args);
          if (org != null) {
            ctx.requireOwnOrganisation(org, operation);
          }
        }
      }
      T implementation = implementation();
      try {
        return method.invoke(implementation, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  private T implementation() {
    T t = resolved;
    if (t == null) {
      t = target.get();
      resolved = t;
    }
    return t;
  }

  private Object objectMethod(Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      case "toString" -> type.getSimpleName() + " of " + ctx.principal().userId() + "@"
          + ctx.principal().organizationId();
      default -> throw new UnsupportedOperationException(method.getName());
    };
  }
}
