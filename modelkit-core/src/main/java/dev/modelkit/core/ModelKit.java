package dev.modelkit.core;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.ModelKitException;
import dev.modelkit.ProviderNotFoundException;
import dev.modelkit.StoreException;
import dev.modelkit.core.config.ConfigCodec;
import dev.modelkit.core.evaluation.EvaluationEnvironment;
import dev.modelkit.core.evaluation.StoredEvaluations;
import dev.modelkit.core.governance.Authorizer;
import dev.modelkit.core.internal.AlertDispatcher;
import dev.modelkit.core.internal.Closer;
import dev.modelkit.core.internal.DefaultTrainingService;
import dev.modelkit.core.internal.DiscoveredProvider;
import dev.modelkit.core.internal.LazyEngine;
import dev.modelkit.core.internal.ProviderOverrides;
import dev.modelkit.core.internal.ProviderRegistry;
import dev.modelkit.core.internal.RuntimeProviderContext;
import dev.modelkit.core.internal.RuntimeServices;
import dev.modelkit.core.jobs.Prices;
import dev.modelkit.core.jobs.ResourcePool;
import dev.modelkit.core.store.HomeLock;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.security.Principal;
import dev.modelkit.security.RolePolicy;
import dev.modelkit.spi.AlertSink;
import dev.modelkit.spi.AlertSinkProvider;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.ArtifactStoreProvider;
import dev.modelkit.spi.DeploymentEngine;
import dev.modelkit.spi.DeploymentTargetProvider;
import dev.modelkit.spi.ExperimentEngine;
import dev.modelkit.spi.ExperimentEngineProvider;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.KnowledgeStore;
import dev.modelkit.spi.KnowledgeStoreProvider;
import dev.modelkit.spi.MetadataStore;
import dev.modelkit.spi.MetadataStoreProvider;
import dev.modelkit.spi.ProviderKind;
import dev.modelkit.spi.TrainingEngine;
import dev.modelkit.spi.TrainingEngineProvider;
import dev.modelkit.core.pipeline.PipelineEnvironment;
import dev.modelkit.core.pipeline.PipelineManager;
import dev.modelkit.core.pipeline.internal.Notifier;
import dev.modelkit.core.privacy.EncryptedArtifactStore;
import dev.modelkit.core.privacy.EnvelopeCipher;
import dev.modelkit.core.privacy.PiiScanner;
import dev.modelkit.spi.KeyProvider;
import dev.modelkit.spi.NotificationChannel;
import dev.modelkit.spi.NotificationChannelProvider;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ModelKit runtime: everything under one home directory, nothing to install.
 *
 * <pre>{@code
 * try (ModelKit kit = ModelKit.builder().home(Path.of("/var/lib/modelkit")).build()) {
 *   CustomModelTrainingService service = kit.service(Principal.of("alice", "acme", Roles.DATA_SCIENTIST));
 *   TrainingJob job = service.createTrainingJob(new ConfigCodec().read(configFile, TrainingConfiguration.class));
 *   service.startTraining(job.id());
 * }
 * }</pre>
 *
 * <p>{@link Builder#build()} locks the home directory for this process, discovers the providers
 * (see {@code ProviderKind}), opens the metadata and artifact stores, starts job orchestration
 * (recovering jobs a previous process left running) and monitoring. The optional engines
 * (training, knowledge bases, experiments, deployment) are created the first time a call needs
 * them; when one is not on the class path, only the calls that need it fail, with a {@link
 * ProviderNotFoundException} naming the artifact to add.
 *
 * <p>One instance serves the whole application and is safe for use from many threads; {@link
 * #service(Principal)} is cheap and returns a service bound to one caller. {@link #close()}
 * releases everything in reverse order, the home directory last.
 */
public final class ModelKit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelKit.class);

  private final Path home;
  private final Clock clock;
  private final RolePolicy rolePolicy;
  private final ProviderRegistry registry;
  private final AlertDispatcher alerts;
  private final RuntimeServices services;
  private final Closer closer;
  private volatile boolean closed;

  private ModelKit(Path home, Clock clock, RolePolicy rolePolicy, ProviderRegistry registry, AlertDispatcher alerts,
      RuntimeServices services, Closer closer) {
    this.home = home;
    this.clock = clock;
    this.rolePolicy = rolePolicy;
    this.registry = registry;
    this.alerts = alerts;
    this.services = services;
    this.closer = closer;
  }

  /** @return a builder with the defaults described on each of its methods */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param principal the caller every operation of the returned service runs as
   * @return the service bound to that caller; cheap, create one per request if convenient
   * @throws IllegalStateException if this runtime was closed
   */
  public CustomModelTrainingService service(Principal principal) {
    Objects.requireNonNull(principal, "principal");
    ensureOpen();
    return new DefaultTrainingService(principal, services);
  }

  /**
   * Registers a listener for every alert raised from now on (budgets crossed, monitoring rules,
   * drift), of every organisation. Listeners run on ModelKit's alert thread, in the order alerts
   * were raised; one that throws is logged and does not affect the others. Alerts also go to every
   * {@code AlertSink} found (the built-in {@code log} sink writes them to SLF4J).
   *
   * @param listener the listener
   * @return closing it stops delivery to the listener
   */
  public AutoCloseable onAlert(Consumer<Alert> listener) {
    ensureOpen();
    return alerts.subscribe(listener);
  }

  /** @return the home directory this runtime owns */
  public Path home() {
    return home;
  }

  /** @return the clock every timestamp comes from */
  public Clock clock() {
    return clock;
  }

  /** @return the role mapping every call is checked against */
  public RolePolicy rolePolicy() {
    return rolePolicy;
  }

  /**
   * @param kind a provider kind
   * @return the names of the providers found for it, the default first
   */
  public List<String> providers(ProviderKind kind) {
    return registry.found(kind).stream().map(DiscoveredProvider::name).toList();
  }

  /** @return the stores and factories behind every service; for tests in this package */
  RuntimeServices runtimeServices() {
    return services;
  }

  /** Stops jobs and monitoring, closes the engines and stores, then releases the home directory. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closer.close();
    LOG.info("ModelKit at {} closed", home);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("This ModelKit (home " + home + ") is closed; build a new one");
    }
  }

  /**
   * Configures and opens a {@link ModelKit}. Every setter checks its own value.
   */
  public static final class Builder {
    private Path home;
    private Clock clock = Clock.systemUTC();
    private RolePolicy rolePolicy = RolePolicy.defaults();
    private double poolCpu = Runtime.getRuntime().availableProcessors();
    private long poolMemoryBytes = (long) (Runtime.getRuntime().maxMemory() * 0.75);
    private double poolGpu = 0;
    private String currency = "USD";
    private double perCpuHour = 0.03;
    private double perGiBHour = 0.004;
    private double perGpuHour = 0.35;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Path dataRoot;
    private int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    private ClassLoader classLoader;
    private KeyProvider keyProvider;
    private Duration pipelineTick = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * The host's keys for {@code privacyConfig.encryption}: data set copies and the model
     * artifacts of such jobs are encrypted at rest with AES-GCM under them. Without one, a
     * configuration asking for encryption is refused. Default: none.
     *
     * @param keys the key provider
     * @return this
     */
    public Builder keyProvider(KeyProvider keys) {
      this.keyProvider = Objects.requireNonNull(keys, "keyProvider");
      return this;
    }

    /**
     * @param every how often pipeline schedules and watched locations are checked; default 30
     *     seconds (cron has minute resolution)
     * @return this
     */
    public Builder pipelineTriggerInterval(Duration every) {
      Objects.requireNonNull(every, "pipelineTriggerInterval");
      if (every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("pipelineTriggerInterval must be positive, was " + every);
      }
      this.pipelineTick = every;
      return this;
    }

    /**
     * @param dir the home directory (created if missing). Default: the system property {@code
     *     modelkit.home}, else the environment variable {@code MODELKIT_HOME}, else {@code
     *     ~/.modelkit}
     * @return this
     */
    public Builder home(Path dir) {
      this.home = Objects.requireNonNull(dir, "home");
      return this;
    }

    /**
     * @param c the clock every timestamp comes from; default UTC system time. Tests pass a fixed
     *     or stepping clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * @param policy the role to permission mapping; default {@link RolePolicy#defaults()}
     * @return this
     */
    public Builder rolePolicy(RolePolicy policy) {
      this.rolePolicy = Objects.requireNonNull(policy, "rolePolicy");
      return this;
    }

    /**
     * The capacity the job scheduler admits jobs against. Default: every available processor, 75%
     * of the JVM's maximum heap (training runs in this JVM, and the rest of the application needs
     * the remainder), and no GPUs (declare them; the JVM cannot see them).
     *
     * @param cpu cores, more than 0
     * @param memoryBytes bytes, more than 0
     * @param gpu GPUs, 0 or more
     * @return this
     */
    public Builder resourcePool(double cpu, long memoryBytes, double gpu) {
      if (!(cpu > 0) || Double.isInfinite(cpu)) {
        throw new IllegalArgumentException("resourcePool cpu must be more than 0, was " + cpu);
      }
      if (memoryBytes <= 0) {
        throw new IllegalArgumentException("resourcePool memoryBytes must be more than 0, was " + memoryBytes);
      }
      if (!(gpu >= 0) || Double.isInfinite(gpu)) {
        throw new IllegalArgumentException("resourcePool gpu must be 0 or more, was " + gpu);
      }
      this.poolCpu = cpu;
      this.poolMemoryBytes = memoryBytes;
      this.poolGpu = gpu;
      return this;
    }

    /**
     * Prices that turn resource use into cost. Default: USD 0.03 per core-hour, 0.004 per
     * GiB-hour and 0.35 per GPU-hour: indicative figures of the order of public-cloud on-demand
     * prices, not any provider's price list. Set your own for real cost reports and budgets.
     *
     * @param currencyCode the currency, for example {@code EUR}
     * @param cpuHour price of one core for one hour, 0 or more
     * @param gibHour price of one GiB of memory for one hour, 0 or more
     * @param gpuHour price of one GPU for one hour, 0 or more
     * @return this
     */
    public Builder prices(String currencyCode, double cpuHour, double gibHour, double gpuHour) {
      if (currencyCode == null || currencyCode.isBlank()) {
        throw new IllegalArgumentException("prices currency must not be blank");
      }
      checkPrice("cpuHour", cpuHour);
      checkPrice("gibHour", gibHour);
      checkPrice("gpuHour", gpuHour);
      this.currency = currencyCode.trim();
      this.perCpuHour = cpuHour;
      this.perGiBHour = gibHour;
      this.perGpuHour = gpuHour;
      return this;
    }

    private static void checkPrice(String name, double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("prices " + name + " must be 0 or more, was " + v);
      }
    }

    /**
     * A setting handed to every provider (see {@code ProviderContext.settings()}); {@code
     * modelkit.*} system properties override it. Provider choices are settings too, for example
     * {@code setting("modelkit.training.engine", "pytorch")}.
     *
     * @param key the key
     * @param value the value
     * @return this
     */
    public Builder setting(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      settings.put(key, value);
      return this;
    }

    /**
     * @param dir the directory relative data source paths resolve against; default the working
     *     directory
     * @return this
     */
    public Builder dataRoot(Path dir) {
      this.dataRoot = Objects.requireNonNull(dir, "dataRoot");
      return this;
    }

    /**
     * @param n the most training jobs run at once (the scheduler also limits them by the pool);
     *     default the number of available processors
     * @return this
     */
    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("workers must be at least 1, was " + n);
      }
      this.workers = n;
      return this;
    }

    /**
     * @param loader where providers are looked up; default the thread's context class loader, else
     *     ModelKit's own
     * @return this
     */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "classLoader");
      return this;
    }

    /**
     * Opens the runtime.
     *
     * @return the running ModelKit
     * @throws StoreException if the home directory is in use by another runtime (in this or another
     *     process) or a store cannot be opened
     * @throws ProviderNotFoundException if no metadata or artifact store, or a requested provider,
     *     is available
     * @throws ModelKitException if two providers share a name, or a provider has an invalid name
     */
    public ModelKit build() {
      Path resolvedHome = resolveHome().toAbsolutePath().normalize();
      Path resolvedDataRoot = (dataRoot == null ? Path.of("") : dataRoot).toAbsolutePath().normalize();
      ClassLoader loader = classLoader != null ? classLoader
          : Thread.currentThread().getContextClassLoader() != null ? Thread.currentThread().getContextClassLoader()
          : ModelKit.class.getClassLoader();
      Closer closer = new Closer();
      try {
        closer.add(HomeLock.acquire(resolvedHome, clock));
        ProviderRegistry registry = ProviderRegistry.discover(loader, ProviderOverrides.fromSystem(settings));
        RuntimeProviderContext pctx = RuntimeProviderContext.withoutStores(resolvedHome, clock, settings,
            System.getProperties());
        MetadataStore metadata = closer.add(
            registry.select(ProviderKind.METADATA_STORE, MetadataStoreProvider.class).create(pctx));
        pctx = pctx.withMetadata(metadata);
        ArtifactStore opened = closer.add(
            registry.select(ProviderKind.ARTIFACT_STORE, ArtifactStoreProvider.class).create(pctx));
        EnvelopeCipher cipher = keyProvider == null ? null : new EnvelopeCipher(keyProvider, new SecureRandom());
        // with host keys, every reader of artifacts (serving, evaluation, resumed checkpoints) decrypts transparently
        ArtifactStore artifacts = cipher == null ? opened : EncryptedArtifactStore.decryptingReads(opened, cipher);
        RuntimeProviderContext ctx = pctx.withArtifacts(artifacts);
        AlertDispatcher alerts = closer.add(new AlertDispatcher(sinks(registry, ctx)));
        LazyEngine<TrainingEngine> training = closer.add(new LazyEngine<>("TrainingEngine",
            () -> registry.select(ProviderKind.TRAINING_ENGINE, TrainingEngineProvider.class).create(ctx)));
        JsonCodec codec = new ConfigCodec();
        RuntimeWiring wiring = RuntimeWiring.start(new RuntimeWiring.Parts(metadata, artifacts, codec, clock,
            training::get, new ResourcePool(poolCpu, poolMemoryBytes, poolGpu),
            new Prices(currency, perCpuHour, perGiBHour, perGpuHour), resolvedHome, resolvedDataRoot, alerts,
            workers, cipher == null ? null : org -> new EncryptedArtifactStore(opened, cipher, org)), closer);
        // the area engines close before jobs and monitoring (the closer closes in reverse order): a
        // rollout ticking during shutdown must still find monitoring open, or it reads "closed" as failed evidence
        LazyEngine<KnowledgeStore> knowledge = closer.add(new LazyEngine<>("KnowledgeStore",
            () -> registry.select(ProviderKind.KNOWLEDGE_STORE, KnowledgeStoreProvider.class).create(ctx)));
        LazyEngine<ExperimentEngine> experiments = closer.add(new LazyEngine<>("ExperimentEngine",
            () -> registry.select(ProviderKind.EXPERIMENT_ENGINE, ExperimentEngineProvider.class).create(ctx)));
        LazyEngine<DeploymentEngine> deployment = closer.add(new LazyEngine<>("DeploymentTarget",
            () -> registry.select(ProviderKind.DEPLOYMENT_TARGET, DeploymentTargetProvider.class).create(ctx)));
        AtomicReference<RuntimeServices> servicesRef = new AtomicReference<>();
        PipelineManager pipelines = closer.add(new PipelineManager(new PipelineEnvironment(metadata, artifacts, codec,
            clock, training::get, resolvedHome, resolvedDataRoot,
            p -> new DefaultTrainingService(p, servicesRef.get()), keyProvider, PiiScanner.discover(loader),
            notificationChannels(loader, ctx, closer), Math.max(1, Math.min(workers, 2)), pipelineTick)));
        RuntimeServices services = new RuntimeServices(metadata, artifacts, codec, clock, new Authorizer(rolePolicy),
            wiring.jobs(), wiring.resources(), wiring.monitoring(),
            c -> knowledge.get().knowledgeBases(c),
            c -> experiments.get().experiments(c),
            c -> deployment.get().deployments(c),
            wiring.approvalRequired(), training::get,
            c -> new StoredEvaluations(c, new EvaluationEnvironment(training::get, resolvedDataRoot)),
            pipelines::pipelines);
        servicesRef.set(services);
        closer.add(alerts.subscribe(pipelines::onAlert));
        closer.add(alerts.subscribe(a -> {
          if (deployment.started()) {
            deployment.get().onAlert(a);
          }
        }));
        restoreDeployments(registry, deployment, metadata, services);
        LOG.info("ModelKit opened at {} (metadata {}, artifacts {}, alert sinks {})", resolvedHome,
            registry.selectDescribed(ProviderKind.METADATA_STORE).name(),
            registry.selectDescribed(ProviderKind.ARTIFACT_STORE).name(), alerts.sinkNames());
        return new ModelKit(resolvedHome, clock, rolePolicy, registry, alerts, services, closer);
      } catch (RuntimeException | Error e) {
        closer.close();
        throw e;
      }
    }

    private static Map<String, NotificationChannel> notificationChannels(ClassLoader loader, RuntimeProviderContext ctx,
        Closer closer) {
      Map<String, NotificationChannel> channels = new LinkedHashMap<>();
      var it = java.util.ServiceLoader.load(NotificationChannelProvider.class, loader).iterator();
      while (true) {
        NotificationChannelProvider p;
        try {
          if (!it.hasNext()) {
            break;
          }
          p = it.next();
        } catch (java.util.ServiceConfigurationError e) {
          LOG.warn("A NotificationChannelProvider could not be loaded and is skipped: {}", e.getMessage());
          continue;
        }
        if (Notifier.BUILT_IN.contains(p.name()) || channels.containsKey(p.name())) {
          throw new ModelKitException("Two notification channels are named '" + p.name() + "' (" + p.getClass().getName()
              + " and " + (channels.containsKey(p.name()) ? channels.get(p.name()).getClass().getName() : "built in")
              + "); rename one or remove its jar from the classpath");
        }
        NotificationChannel ch = p.create(ctx);
        if (ch instanceof AutoCloseable c) {
          closer.add(c);
        }
        channels.put(p.name(), ch);
      }
      return channels;
    }

    /**
     * Deployments that were serving when the runtime last closed serve again: the deployment
     * engine, when its module is present, rebuilds its routes as each organisation's system
     * principal. A failure is logged and the runtime still opens, since the deployment records
     * themselves are intact and a new deployModel serves again.
     */
    private static void restoreDeployments(ProviderRegistry registry, LazyEngine<DeploymentEngine> deployment,
        MetadataStore metadata, RuntimeServices services) {
      if (registry.found(ProviderKind.DEPLOYMENT_TARGET).isEmpty()) {
        return;
      }
      try {
        deployment.get().restore(metadata,
            org -> new DefaultTrainingService(Principal.system(org), services).context());
      } catch (RuntimeException e) {
        LOG.error("Deployments live before the restart could not be restored; deploy them again: {}", e.getMessage(), e);
      }
    }

    private static Map<String, AlertSink> sinks(ProviderRegistry registry, RuntimeProviderContext ctx) {
      Map<String, AlertSink> sinks = new LinkedHashMap<>();
      for (DiscoveredProvider p : registry.selectAll(ProviderKind.ALERT_SINK)) {
        AlertSink sink;
        try {
          sink = ((AlertSinkProvider) p.instance()).create(ctx);
        } catch (RuntimeException e) {
          for (AlertSink opened : sinks.values()) {
            closeQuietly(opened);
          }
          throw new ModelKitException("Alert sink " + p.describe() + " failed to start: " + e.getMessage()
              + ". Fix its configuration or remove its jar from the classpath.", e);
        }
        sinks.put(p.name(), sink);
      }
      return sinks;
    }

    private static void closeQuietly(Object o) {
      if (o instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // best effort while failing the build for another reason
        }
      }
    }

    private Path resolveHome() {
      if (home != null) {
        return home;
      }
      String prop = System.getProperty("modelkit.home");
      if (prop != null && !prop.isBlank()) {
        return Path.of(prop);
      }
      String env = System.getenv("MODELKIT_HOME");
      if (env != null && !env.isBlank()) {
        return Path.of(env);
      }
      return Path.of(System.getProperty("user.home"), ".modelkit");
    }
  }
}
