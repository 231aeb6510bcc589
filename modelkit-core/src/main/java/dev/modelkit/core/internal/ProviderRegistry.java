package dev.modelkit.core.internal;

import dev.modelkit.ModelKitException;
import dev.modelkit.ProviderNotFoundException;
import dev.modelkit.spi.ModelKitProvider;
import dev.modelkit.spi.ProviderKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds ModelKit's providers with {@link ServiceLoader} and picks the one to use for each {@link
 * ProviderKind}.
 *
 * <p>Each provider is instantiated on its own: one that cannot be loaded or whose constructor
 * throws is logged and listed in {@link #failures(ProviderKind)} but does not stop the scan (as
 * SLF4J 2 does). Names must be ASCII letters, digits and dashes, shorter than 128 characters, and
 * unique per kind ignoring case; a bad or duplicate name fails discovery at once, because a
 * provider that silently disappeared would be worse (as Lucene's {@code NamedSPILoader} does).
 *
 * <p>The default is the lowest rank (ties broken by name); {@link ProviderOverrides} name another.
 * A requested name that is not available, or a kind with no provider, fails with a {@link
 * ProviderNotFoundException} that lists what is available and names the artifact to add. There is
 * never a silent fallback.
 */
public final class ProviderRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]{1,127}");
  /** Guards against a broken class-path iterator that keeps failing on the same entry. */
  private static final int MAX_FAILURES_PER_KIND = 64;

  private final Map<ProviderKind, List<DiscoveredProvider>> found;
  private final Map<ProviderKind, List<String>> failures;
  private final ProviderOverrides overrides;

  private ProviderRegistry(Map<ProviderKind, List<DiscoveredProvider>> found,
      Map<ProviderKind, List<String>> failures, ProviderOverrides overrides) {
    this.found = found;
    this.failures = failures;
    this.overrides = overrides;
  }

  /**
   * Scans every provider kind.
   *
   * @param loader where to look; the class path and, on the module path, the modules it sees
   * @param overrides where users name the provider to use
   * @return the registry
   * @throws ModelKitException if a provider has an invalid name or two share a name
   */
  public static ProviderRegistry discover(ClassLoader loader, ProviderOverrides overrides) {
    Map<ProviderKind, List<DiscoveredProvider>> found = new EnumMap<>(ProviderKind.class);
    Map<ProviderKind, List<String>> failures = new EnumMap<>(ProviderKind.class);
    for (ProviderKind kind : ProviderKind.values()) {
      List<String> kindFailures = new ArrayList<>();
      List<DiscoveredProvider> providers = scan(kind, loader, kindFailures);
      providers.sort(Comparator.comparingInt(DiscoveredProvider::rank)
          .thenComparing(p -> p.name().toLowerCase(Locale.ROOT)));
      found.put(kind, List.copyOf(providers));
      failures.put(kind, List.copyOf(kindFailures));
      log(kind, providers);
    }
    return new ProviderRegistry(found, failures, overrides);
  }

  private static List<DiscoveredProvider> scan(ProviderKind kind, ClassLoader loader, List<String> failures) {
    ServiceLoader<? extends ModelKitProvider> serviceLoader = ServiceLoader.load(kind.type(), loader);
    Iterator<? extends ServiceLoader.Provider<? extends ModelKitProvider>> it = serviceLoader.stream().iterator();
    List<DiscoveredProvider> providers = new ArrayList<>();
    while (failures.size() < MAX_FAILURES_PER_KIND) {
      ServiceLoader.Provider<? extends ModelKitProvider> candidate;
      try {
        if (!it.hasNext()) {
          break;
        }
        candidate = it.next();
      } catch (ServiceConfigurationError e) {
        failures.add(describeFailure(null, e));
        LOG.warn("A {} provider could not be loaded and is skipped: {}", kind.displayName(), describeFailure(null, e), e);
        continue;
      }
      instantiate(kind, candidate, failures).ifPresent(p -> {
        checkUnique(kind, providers, p);
        providers.add(p);
      });
    }
    return providers;
  }

  private static Optional<DiscoveredProvider> instantiate(ProviderKind kind,
      ServiceLoader.Provider<? extends ModelKitProvider> candidate, List<String> failures) {
    String className = "unknown class";
    ModelKitProvider provider;
    String name;
    int rank;
    try {
      className = candidate.type().getName();
      provider = candidate.get();
      name = provider.name();
      rank = provider.rank();
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      failures.add(describeFailure(className, e));
      LOG.warn("{} provider could not be instantiated and is skipped: {}", kind.displayName(),
          describeFailure(className, e), e);
      return Optional.empty();
    }
    checkName(kind, name, className);
    return Optional.of(DiscoveredProvider.of(kind, provider, name, rank));
  }

  private static void checkName(ProviderKind kind, String name, String className) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ModelKitException(kind.displayName() + " provider " + className + " has the invalid name '"
          + name + "'. Provider names must be 1 to 127 ASCII letters, digits or dashes; fix the provider's "
          + "name() or remove its jar from the classpath.");
    }
  }

  private static void checkUnique(ProviderKind kind, List<DiscoveredProvider> existing, DiscoveredProvider p) {
    for (DiscoveredProvider other : existing) {
      if (other.name().equalsIgnoreCase(p.name())) {
        throw new ModelKitException("Two " + kind.displayName() + " providers are named '" + p.name() + "': "
            + other.className() + " (" + other.location() + ") and " + p.className() + " (" + p.location()
            + "). Remove one of them from the classpath.");
      }
    }
  }

  /** One line per failure: the class when known, and the root cause without ServiceLoader's prefix. */
  private static String describeFailure(String className, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String what;
    if (root != e) {
      what = root.getClass().getSimpleName() + ": " + root.getMessage();
    } else {
      what = String.valueOf(e.getMessage());
      int prefix = what.indexOf(": ");
      if (e instanceof ServiceConfigurationError && prefix > 0) {
        what = what.substring(prefix + 2);
      }
    }
    return className == null ? what : className + ": " + what;
  }

  private static void log(ProviderKind kind, List<DiscoveredProvider> providers) {
    if (providers.isEmpty()) {
      LOG.info("No {} provider found (add {} to use one)", kind.displayName(), kind.artifact());
    }
    for (DiscoveredProvider p : providers) {
      LOG.info("Found {} provider {}", kind.displayName(), p.describe());
    }
  }

  /**
   * @param kind a kind
   * @return every provider found for it, default first
   */
  public List<DiscoveredProvider> found(ProviderKind kind) {
    return found.get(kind);
  }

  /**
   * @param kind a kind
   * @return descriptions of providers of that kind that failed to load
   */
  public List<String> failures(ProviderKind kind) {
    return failures.get(kind);
  }

  /**
   * Picks the provider for a kind: the requested one if a user named one, else the default.
   *
   * @param kind the kind
   * @param type its provider interface
   * @param <P> the provider interface
   * @return the provider
   * @throws ProviderNotFoundException if none is available, or none by the requested name
   */
  public <P extends ModelKitProvider> P select(ProviderKind kind, Class<P> type) {
    return type.cast(selectDescribed(kind).instance());
  }

  /**
   * Like {@link #select} but returns the description too.
   *
   * @param kind the kind
   * @return the chosen provider
   * @throws ProviderNotFoundException if none is available, or none by the requested name
   */
  public DiscoveredProvider selectDescribed(ProviderKind kind) {
    List<DiscoveredProvider> candidates = found.get(kind);
    Optional<ProviderOverrides.Request> request = overrides.requested(kind);
    if (request.isPresent()) {
      return byName(kind, request.get().name())
          .orElseThrow(() -> new ProviderNotFoundException(namedMissing(kind, request.get().name())));
    }
    if (candidates.isEmpty()) {
      throw new ProviderNotFoundException("No " + kind.displayName() + " is available. Add " + kind.artifact()
          + " to the classpath." + failureNote(kind));
    }
    return candidates.get(0);
  }

  /**
   * Every provider of a kind that should be used together (alert sinks): all found, or, when a user
   * lists names (comma separated), exactly those.
   *
   * @param kind the kind
   * @return the providers, default first
   * @throws ProviderNotFoundException if a listed name is not available
   */
  public List<DiscoveredProvider> selectAll(ProviderKind kind) {
    Optional<ProviderOverrides.Request> request = overrides.requested(kind);
    if (request.isEmpty()) {
      return found.get(kind);
    }
    Set<String> names = new LinkedHashSet<>();
    for (String n : request.get().name().split(",")) {
      if (!n.isBlank()) {
        names.add(n.trim());
      }
    }
    List<DiscoveredProvider> chosen = new ArrayList<>();
    for (String n : names) {
      chosen.add(byName(kind, n).orElseThrow(() -> new ProviderNotFoundException(namedMissing(kind, n))));
    }
    return List.copyOf(chosen);
  }

  private Optional<DiscoveredProvider> byName(ProviderKind kind, String name) {
    return found.get(kind).stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
  }

  private String namedMissing(ProviderKind kind, String name) {
    return "No " + kind.displayName() + " named '" + name + "' is available. Available: " + names(kind)
        + ". Add " + kind.artifact() + " to the classpath." + failureNote(kind);
  }

  /**
   * @param kind a kind
   * @return the names found, default first, for example {@code [pytorch]}
   */
  public String names(ProviderKind kind) {
    return found.get(kind).stream().map(DiscoveredProvider::name).collect(Collectors.joining(", ", "[", "]"));
  }

  private String failureNote(ProviderKind kind) {
    List<String> f = failures.get(kind);
    return f.isEmpty() ? "" : " Providers that failed to load: " + f + ".";
  }
}
