package dev.modelkit.core.internal;

/**
 * The name of the service operation the current thread is executing, so that a permission check
 * deep inside an area module still names what the user called ({@code createTrainingJob}, {@code
 * models().approve}) in its error. The outermost operation wins: a seed operation that delegates to
 * an area view keeps its own name.
 */
final class CurrentOperation {
  private static final ThreadLocal<String> NAME = new ThreadLocal<>();

  private CurrentOperation() {}

  /** A body that may throw anything, as a reflective call does. */
  @FunctionalInterface
  interface Body<T> {
    T run() throws Throwable;
  }

  static <T> T run(String operation, Body<T> body) throws Throwable {
    if (NAME.get() != null) {
      return body.run();
    }
    NAME.set(operation);
    try {
      return body.run();
    } finally {
      NAME.remove();
    }
  }

  static <T> T call(String operation, java.util.function.Supplier<T> body) {
    if (NAME.get() != null) {
      return body.get();
    }
    NAME.set(operation);
    try {
      return body.get();
    } finally {
      NAME.remove();
    }
  }

  /** @return the operation in progress on this thread, or null outside any */
  static String name() {
    return NAME.get();
  }
}
