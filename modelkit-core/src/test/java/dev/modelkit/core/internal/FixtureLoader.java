package dev.modelkit.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Enumeration;

/**
 * A class loader whose {@code META-INF/services} files come only from one fixture directory under
 * {@code src/test/resources/providers}, while classes load normally. Each registry scenario thus
 * sees exactly the providers its directory lists, and none of the module's own.
 */
public final class FixtureLoader extends URLClassLoader {
  private final boolean isolated;

  private FixtureLoader(URL dir, boolean isolated) {
    super(new URL[] {dir}, FixtureLoader.class.getClassLoader());
    this.isolated = isolated;
  }

  /**
   * @param scenario a directory name under {@code providers/}
   * @return a loader that sees only that scenario's service files
   */
  public static FixtureLoader only(String scenario) {
    return new FixtureLoader(dir(scenario), true);
  }

  /**
   * @param scenario a directory name under {@code providers/}
   * @return a loader that sees that scenario's service files in addition to the class path's
   */
  public static FixtureLoader adding(String scenario) {
    return new FixtureLoader(dir(scenario), false);
  }

  private static URL dir(String scenario) {
    try {
      URL url = FixtureLoader.class.getResource("/providers/" + scenario + "/");
      if (url == null) {
        throw new IllegalArgumentException("no fixture directory providers/" + scenario);
      }
      return Path.of(url.toURI()).toUri().toURL();
    } catch (URISyntaxException | IOException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return isolated ? findResources(name) : super.getResources(name);
  }
}
