package dev.modelkit.core.internal;

import dev.modelkit.spi.ModelKitProvider;
import dev.modelkit.spi.ProviderKind;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * One provider found on the class path or module path, with what a user needs to tell where it
 * came from: its class, the jar (or directory) that holds it and that jar's version.
 *
 * @param kind what it provides
 * @param name its name as it reported it
 * @param rank its rank; the lowest is the default
 * @param className its implementation class
 * @param location the jar file name or directory it was loaded from, or {@code unknown}
 * @param version the implementation version of its package or jar, or {@code unknown}
 * @param instance the provider itself
 */
public record DiscoveredProvider(
    ProviderKind kind, String name, int rank, String className, String location, String version,
    ModelKitProvider instance) {

  /**
   * @param kind what it provides
   * @param provider the instantiated provider, whose name and rank were already read
   * @param name its name
   * @param rank its rank
   * @return the description of the provider
   */
  static DiscoveredProvider of(ProviderKind kind, ModelKitProvider provider, String name, int rank) {
    Class<?> type = provider.getClass();
    return new DiscoveredProvider(kind, name, rank, type.getName(), locationOf(type), versionOf(type), provider);
  }

  /** @return {@code name (class, jar, version)} for logs and messages */
  public String describe() {
    return name + " (" + className + ", " + location + ", version " + version + ", rank " + rank + ")";
  }

  static String locationOf(Class<?> type) {
    try {
      CodeSource source = type.getProtectionDomain().getCodeSource();
      URL url = source == null ? null : source.getLocation();
      if (url == null) {
        return "unknown";
      }
      if ("file".equals(url.getProtocol())) {
        Path p = Path.of(url.toURI());
        return p.getFileName() == null ? p.toString() : p.getFileName().toString();
      }
      return url.toString();
    } catch (RuntimeException | java.net.URISyntaxException e) {
      return "unknown";
    }
  }

  static String versionOf(Class<?> type) {
    Package p = type.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    if (v != null) {
      return v;
    }
    if (type.getModule().isNamed() && type.getModule().getDescriptor() != null) {
      var raw = type.getModule().getDescriptor().rawVersion();
      if (raw.isPresent()) {
        return raw.get();
      }
    }
    String location = locationOf(type);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("-(\\d[^/]*?)\\.jar$").matcher(location);
    return m.find() ? m.group(1) : "unknown";
  }
}
