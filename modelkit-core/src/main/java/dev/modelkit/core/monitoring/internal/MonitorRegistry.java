package dev.modelkit.core.monitoring.internal;

import dev.modelkit.InvalidStateException;
import dev.modelkit.NotFoundException;
import dev.modelkit.StoreException;
import dev.modelkit.core.monitoring.MonitoringEnvironment;
import dev.modelkit.core.monitoring.MonitoringSettings;
import dev.modelkit.core.monitoring.internal.RuleTracker.CompiledRule;
import dev.modelkit.core.monitoring.internal.RuleTracker.Fired;
import dev.modelkit.monitoring.Alert;
import dev.modelkit.monitoring.AlertRule;
import dev.modelkit.monitoring.BusinessMetric;
import dev.modelkit.monitoring.BusinessMetrics;
import dev.modelkit.monitoring.Correction;
import dev.modelkit.monitoring.DriftFinding;
import dev.modelkit.monitoring.DriftMethod;
import dev.modelkit.monitoring.DriftOptions;
import dev.modelkit.monitoring.DriftReport;
import dev.modelkit.monitoring.ModelPerformance;
import dev.modelkit.monitoring.PerformanceMetrics;
import dev.modelkit.monitoring.Period;
import dev.modelkit.monitoring.ReferenceProfile;
import dev.modelkit.monitoring.TechnicalMetrics;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.EntityRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's state shared by every caller's view: the live monitors (by version and by
 * prediction-id number), the models' label dictionaries, alert rules and business metrics, and
 * the window-closing pipeline: drift, metrics, storage, rules, alerts. Thread-safe.
 *
 * <p><b>Acknowledged data.</b> A window is written to the metadata store when it closes, and the
 * open window, the join buffer and the version's state are written together by a checkpoint
 * ({@link #flush}), so everything recorded before a window closed or before a {@code flush()}
 * returned survives a restart; what was recorded after the last of these is lost with the
 * process.
 */
public final class MonitorRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorRegistry.class);
  /** The most windows one query reads from the store. */
  static final int MAX_WINDOWS_PER_QUERY = 100_000;
  /** Most distinct labels per model; more share the overflow code. */
  static final int LABEL_CAPACITY = 64;
  private static final DriftOptions PSI_EVERYWHERE = new DriftOptions(DriftMethod.PSI, DriftMethod.PSI,
      Map.of("prediction", DriftMethod.PSI, "probability", DriftMethod.PSI), Map.of(), Correction.NONE, 0.05, 0.5, 1);

  private final MonitoringEnvironment env;
  private final MonitoringSettings settings;
  private final MonitorStore store;
  private final ConcurrentHashMap<MonitorKey, ModelMonitor> monitors = new ConcurrentHashMap<>();
  /** The same monitors by organisation, model and version, so a lookup allocates no key. */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentHashMap<String, ModelMonitor>>> tree =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, ModelMonitor>> byNumber = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<MonitorKey, Dictionary> labels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<MonitorKey, RuleTracker> trackers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Map<String, List<CompiledRule>>> rules = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<MonitorKey, Map<String, BusinessMetric>> business = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<MonitorKey, Optional<ReferenceProfile>> references = new ConcurrentHashMap<>();
  private final Object creation = new Object();
  private final java.util.List<java.util.function.Consumer<ModelMonitor>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /**
   * @param env the engine's environment
   * @param settings the engine's settings
   */
  public MonitorRegistry(MonitoringEnvironment env, MonitoringSettings settings) {
    this.env = env;
    this.settings = settings;
    this.store = new MonitorStore(env.metadata(), env.json(), env.home());
  }

  /** @return the environment */
  public MonitoringEnvironment env() {
    return env;
  }

  /** @return the settings */
  public MonitoringSettings settings() {
    return settings;
  }

  /**
   * Loads every version monitored before the last shutdown, so that their interrupted windows are
   * closed (with their alert rules evaluated) and their outcomes can be joined.
   */
  public void recover() {
    for (EntityRecord r : store.allStates()) {
      try {
        MonitorState s = env.json().fromJson(r.json(), MonitorState.class);
        monitor(new MonitorKey(r.organizationId(), s.modelId(), s.version()), () -> true);
      } catch (RuntimeException e) {
        LOG.warn("Could not restore the monitor of {} in organisation {}; it restarts when next used",
            r.id(), r.organizationId(), e);
      }
    }
  }

  private static MonitorKey modelKey(MonitorKey k) {
    return new MonitorKey(k.organizationId(), k.modelId(), "");
  }

  private Dictionary labelsOf(MonitorKey key) {
    return labels.computeIfAbsent(modelKey(key), x -> new Dictionary(LABEL_CAPACITY, List.of()));
  }

  /**
   * @param key a version
   * @param known checks, once, that the version exists; called only when it has neither a
   *     stored state nor a reference profile
   * @return its monitor, loaded or created on first use
   * @throws NotFoundException if the version is unknown
   */
  public ModelMonitor monitor(MonitorKey key, BooleanSupplier known) {
    ensureOpen();
    ModelMonitor m = monitors.get(key);
    if (m != null) {
      return m;
    }
    synchronized (creation) {
      m = monitors.get(key);
      if (m != null) {
        return m;
      }
      Optional<MonitorState> state = store.state(key);
      Optional<ReferenceProfile> ref = reference(key.organizationId(), key.modelId(), key.version());
      if (state.isEmpty() && ref.isEmpty() && !known.getAsBoolean()) {
        throw new NotFoundException("unknown model version " + key.qualifiedName() + " in organisation "
            + key.organizationId() + ": register it in the model registry, or register a reference profile for it "
            + "with Monitoring.registerReference, before recording its predictions");
      }
      return load(key, state.orElse(null), ref.orElse(null));
    }
  }

  /**
   * @param organizationId an organisation
   * @param modelId a model
   * @param version a version
   * @return its monitor if it is live (null once the engine is closed), found without allocating
   */
  public ModelMonitor live(String organizationId, String modelId, String version) {
    if (closed) {
      return null;
    }
    ConcurrentHashMap<String, ConcurrentHashMap<String, ModelMonitor>> models = tree.get(organizationId);
    if (models == null) {
      return null;
    }
    ConcurrentHashMap<String, ModelMonitor> versions = models.get(modelId);
    return versions == null ? null : versions.get(version);
  }

  /**
   * @param key a version
   * @return its monitor if it is live
   */
  public ModelMonitor existing(MonitorKey key) {
    return monitors.get(key);
  }

  private ModelMonitor load(MonitorKey key, MonitorState state, ReferenceProfile ref) {
    Dictionary labelDict = labelsOf(key);
    int number = state != null ? state.number() : nextNumber(key.organizationId());
    int epoch = state != null ? state.epoch() + 1 : 0;
    long firstSeq = state != null ? state.nextSeq() : 0;
    JoinFile.Entries entries = null;
    long[] joinNext = {0};
    try {
      entries = JoinFile.read(store.joinFile(key), joinNext, labelDict);
    } catch (StoreException e) {
      LOG.warn("{}: outcomes of predictions made before the restart cannot be joined", e.getMessage());
    }
    if (entries != null) {
      firstSeq = Math.max(firstSeq, joinNext[0]);
    }
    Schema schema = ref == null ? null : new Schema(ref, null);
    ModelMonitor m = new ModelMonitor(key, labelDict, number, epoch, firstSeq, settings.window().toMillis(),
        settings.joinHorizon(), settings.keptWindows(), schema, env.clock());
    if (entries != null) {
      m.restoreJoins(entries);
    }
    RuleTracker tracker = new RuleTracker();
    if (state != null) {
      if (state.detectors() != null) {
        m.restoreDetectors(state.detectors());
      }
      if (state.rules() != null) {
        tracker.restore(state.rules());
      }
    }
    trackers.put(key, tracker);
    loadHistory(m, tracker);
    // the new epoch is stored before any id is issued, so ids of different runs never collide
    persistJoinsAndState(m);
    monitors.put(key, m);
    tree.computeIfAbsent(key.organizationId(), o -> new ConcurrentHashMap<>())
        .computeIfAbsent(key.modelId(), x -> new ConcurrentHashMap<>()).put(key.version(), m);
    byNumber.computeIfAbsent(key.organizationId(), o -> new ConcurrentHashMap<>()).put(number, m);
    if (state != null && state.openWindowStart() >= 0) {
      resumeOpenWindow(m, state);
    }
    for (java.util.function.Consumer<ModelMonitor> l : listeners) {
      try {
        l.accept(m);
      } catch (RuntimeException e) {
        LOG.warn("A monitor listener failed on {}", key.qualifiedName(), e);
      }
    }
    return m;
  }

  private void resumeOpenWindow(ModelMonitor m, MonitorState state) {
    Optional<WindowRecord> stored = store.window(m.key(), state.openWindowStart());
    if (stored.isEmpty() || stored.get().closed()) {
      return;
    }
    Window w = WindowCodec.fromRecord(stored.get(), m.labels(), m.schema());
    if (w.startMillis == m.openStart() && w.endMillis == m.openEnd()) {
      m.restoreOpen(w);
    } else if (w.count > 0 || w.labelled > 0) {
      synchronized (m.persistLock()) {
        processClosed(m, w);
      }
    }
  }

  private void loadHistory(ModelMonitor m, RuleTracker tracker) {
    long step = m.windowMillis();
    long start = m.openStart() - step;
    List<Map<String, Double>> found = new ArrayList<>();
    for (int probe = 0; probe < 3 * RuleTracker.HISTORY && found.size() < RuleTracker.HISTORY; probe++) {
      Optional<WindowRecord> r = store.window(m.key(), start - probe * step);
      if (r.isPresent() && r.get().closed() && r.get().metrics() != null) {
        found.add(0, r.get().metrics());
      }
    }
    found.forEach(tracker::remember);
  }

  private int nextNumber(String org) {
    int max = 0;
    for (MonitorState s : store.states(org)) {
      max = Math.max(max, s.number());
    }
    for (ModelMonitor m : monitors.values()) {
      if (m.key().organizationId().equals(org)) {
        max = Math.max(max, m.number());
      }
    }
    if (max + 1 > PredictionIds.MAX_NUMBER) {
      throw new InvalidStateException("organisation " + org + " already monitors " + PredictionIds.MAX_NUMBER
          + " model versions, the most prediction ids can tell apart");
    }
    return max + 1;
  }

  /**
   * @param organizationId an organisation
   * @param number a monitor number from a prediction id
   * @return its monitor, or null
   */
  public ModelMonitor byNumber(String organizationId, int number) {
    Map<Integer, ModelMonitor> numbers = byNumber.get(organizationId);
    return numbers == null ? null : numbers.get(number);
  }

  /**
   * @param organizationId an organisation
   * @param modelId a model
   * @return the live monitors of the model's versions
   */
  public List<ModelMonitor> monitorsOf(String organizationId, String modelId) {
    List<ModelMonitor> out = new ArrayList<>();
    for (ModelMonitor m : monitors.values()) {
      if (m.key().organizationId().equals(organizationId) && m.key().modelId().equals(modelId)) {
        out.add(m);
      }
    }
    out.sort(java.util.Comparator.comparing(x -> x.key().version()));
    return out;
  }

  /**
   * @param listener told about every monitor created from now on
   */
  public void onNewMonitor(java.util.function.Consumer<ModelMonitor> listener) {
    listeners.add(listener);
  }

  /** @return every live monitor */
  public List<ModelMonitor> allMonitors() {
    return new ArrayList<>(monitors.values());
  }

  // ---------------------------------------------------------------- reference profiles

  /**
   * Stores a profile and switches the version's live monitor to its features.
   *
   * @param organizationId the organisation
   * @param profile the profile
   * @param audit the audit event written with it
   */
  public void registerReference(String organizationId, ReferenceProfile profile, AuditDraft audit) {
    ensureOpen();
    store.saveReference(organizationId, profile, audit);
    references.put(new MonitorKey(organizationId, profile.modelId(), profile.version()), Optional.of(profile));
    ModelMonitor m = monitors.get(new MonitorKey(organizationId, profile.modelId(), profile.version()));
    if (m != null) {
      m.useSchema(new Schema(profile, m.schema()));
    }
  }

  /**
   * @param organizationId the organisation
   * @param modelId the model
   * @param version the version
   * @return its stored profile
   */
  public Optional<ReferenceProfile> reference(String organizationId, String modelId, String version) {
    return references.computeIfAbsent(new MonitorKey(organizationId, modelId, version),
        k -> store.reference(organizationId, modelId, version));
  }

  // ---------------------------------------------------------------- rules and business metrics

  private Map<String, List<CompiledRule>> rulesOfOrg(String org) {
    return rules.computeIfAbsent(org, o -> {
      Map<String, List<CompiledRule>> byModel = new ConcurrentHashMap<>();
      for (StoredRule r : store.rules(o)) {
        try {
          byModel.computeIfAbsent(r.modelId(), k -> new ArrayList<>()).add(CompiledRule.of(r.rule()));
        } catch (RuntimeException e) {
          LOG.warn("Alert rule {} of model {} no longer parses and is skipped: {}", r.rule().name(), r.modelId(),
              e.getMessage());
        }
      }
      return byModel;
    });
  }

  List<CompiledRule> rulesOf(String org, String modelId) {
    return List.copyOf(rulesOfOrg(org).getOrDefault(modelId, List.of()));
  }

  /**
   * @param org the organisation
   * @param modelId the model
   * @param rule the rule, already parsed once by the caller
   * @param audit the audit event
   */
  public void addRule(String org, String modelId, AlertRule rule, AuditDraft audit) {
    CompiledRule compiled = CompiledRule.of(rule);
    Map<String, List<CompiledRule>> byModel = rulesOfOrg(org);
    synchronized (byModel) {
      store.saveRule(org, new StoredRule(modelId, rule), audit);
      List<CompiledRule> list = new ArrayList<>(byModel.getOrDefault(modelId, List.of()));
      list.removeIf(c -> c.rule().name().equals(rule.name()));
      list.add(compiled);
      byModel.put(modelId, list);
    }
  }

  /**
   * @param org the organisation
   * @param modelId the model
   * @return its rules by name
   */
  public List<AlertRule> rules(String org, String modelId) {
    List<AlertRule> out = new ArrayList<>();
    for (CompiledRule c : rulesOf(org, modelId)) {
      out.add(c.rule());
    }
    out.sort(java.util.Comparator.comparing(AlertRule::name));
    return out;
  }

  /**
   * @param org the organisation
   * @param modelId the model
   * @param name a rule
   * @param audit the audit event
   * @return whether it existed
   */
  public boolean removeRule(String org, String modelId, String name, AuditDraft audit) {
    Map<String, List<CompiledRule>> byModel = rulesOfOrg(org);
    synchronized (byModel) {
      boolean existed = store.deleteRule(org, modelId, name, audit);
      List<CompiledRule> list = new ArrayList<>(byModel.getOrDefault(modelId, List.of()));
      list.removeIf(c -> c.rule().name().equals(name));
      byModel.put(modelId, list);
      return existed;
    }
  }

  /**
   * @param org the organisation
   * @param modelId the model
   * @param name the metric's name
   * @param metric the metric
   */
  public void registerBusinessMetric(String org, String modelId, String name, BusinessMetric metric) {
    business.computeIfAbsent(new MonitorKey(org, modelId, ""), k -> new ConcurrentHashMap<>()).put(name, metric);
  }

  private Map<String, BusinessMetric> businessOf(MonitorKey key) {
    return business.getOrDefault(modelKey(key), Map.of());
  }

  // ---------------------------------------------------------------- closing windows

  /** Closes every window whose end has passed on the clock. */
  public void tick() {
    long now = env.clock().millis();
    for (ModelMonitor m : monitors.values()) {
      for (Window w : m.rollIfDue(now)) {
        if (w.count > 0 || w.labelled > 0) {
          try {
            processClosed(m, w);
          } catch (RuntimeException e) {
            LOG.warn("Closing window {} of {} failed; its data stays in memory until the next checkpoint",
                Instant.ofEpochMilli(w.startMillis), m.key().qualifiedName(), e);
          }
        }
      }
    }
  }

  /**
   * Writes the open windows, join buffers and states of an organisation's monitors: afterwards,
   * everything recorded before the call is acknowledged.
   *
   * @param organizationId the organisation, or null for all
   */
  public void flush(String organizationId) {
    tick();
    for (ModelMonitor m : monitors.values()) {
      if (organizationId == null || m.key().organizationId().equals(organizationId)) {
        checkpoint(m);
      }
    }
  }

  private void checkpoint(ModelMonitor m) {
    synchronized (m.persistLock()) {
      JoinFile.Entries entries = new JoinFile.Entries();
      long[] next = {0};
      Window open = m.snapshotForCheckpoint(entries, next);
      JoinFile.write(store.joinFile(m.key()), next[0], entries, m.labels().names());
      if (open.count > 0 || open.labelled > 0) {
        store.saveWindow(m.key(), WindowCodec.toRecord(m.key(), open, m.labels(), false, Map.of(), List.of()));
      }
      saveState(m, next[0], open.startMillis);
    }
  }

  private void persistJoinsAndState(ModelMonitor m) {
    synchronized (m.persistLock()) {
      JoinFile.Entries entries = new JoinFile.Entries();
      long next = m.snapshotJoins(entries);
      JoinFile.write(store.joinFile(m.key()), next, entries, m.labels().names());
      saveState(m, next, m.openStart());
    }
  }

  private void saveState(ModelMonitor m, long nextSeq, long openStart) {
    RuleTracker tracker = trackers.get(m.key());
    store.saveState(m.key(), new MonitorState(m.key().modelId(), m.key().version(), m.number(), m.epoch(), nextSeq,
        m.windowMillis(), openStart, m.detectorStates(), tracker == null ? Map.of() : tracker.progress()));
  }

  /**
   * The pipeline of a closed window: drift against the reference, metrics, storage, alert rules,
   * alerts. Callers hold the version's storage lock.
   */
  void processClosed(ModelMonitor m, Window w) {
    MonitorKey key = m.key();
    TechnicalMetrics technical = ProcessMetrics.sample();
    Schema s = w.schema;
    DriftEvaluator.Result drift = null;
    Map<String, Double> psi = new HashMap<>();
    if (s != null && w.count > 0) {
      drift = DriftEvaluator.evaluate(s, w, m.labels(), settings.driftOptions());
      DriftEvaluator.Result all = DriftEvaluator.evaluate(s, w, m.labels(), PSI_EVERYWHERE);
      for (DriftFinding f : all.features()) {
        psi.put(f.feature(), f.statistic());
      }
      for (DriftFinding f : all.prediction()) {
        psi.put(f.feature(), f.statistic());
      }
    }
    String positive = s == null ? null : s.profile.positiveLabel();
    BusinessMetrics biz = WindowMetrics.business(w, m.labels(), businessOf(key));
    Map<String, Double> metrics = WindowMetrics.forRules(w, m.labels(), positive, drift, psi, biz, technical);
    List<DriftFinding> findings = new ArrayList<>();
    if (drift != null) {
      findings.addAll(drift.features());
      findings.addAll(drift.prediction());
    }
    synchronized (m.persistLock()) {
      store.saveWindow(key, WindowCodec.toRecord(key, w, m.labels(), true, metrics, findings));
    }
    m.lastWindowMetrics(metrics);
    RuleTracker tracker = trackers.computeIfAbsent(key, k -> new RuleTracker());
    List<Fired> fired = tracker.evaluate(rulesOf(key.organizationId(), key.modelId()), w.startMillis, w.endMillis,
        metrics);
    persistJoinsAndState(m);
    for (Fired f : fired) {
      raise(m, w, f, metrics);
    }
  }

  private void raise(ModelMonitor m, Window w, Fired f, Map<String, Double> metrics) {
    MonitorKey key = m.key();
    Instant raisedAt = Instant.ofEpochMilli(w.endMillis);
    String id = "alert-" + UUID.nameUUIDFromBytes((key.organizationId() + "\n" + key.modelId() + "\n" + key.version()
        + "\n" + f.rule().name() + "\n" + w.startMillis).getBytes(StandardCharsets.UTF_8));
    String message = String.format(Locale.ROOT, "%s: '%s' held on %s version %s since %s (value %s in the window %s to "
            + "%s, %d predictions, %d outcomes); actions %s", f.rule().name(), f.rule().condition(), key.modelId(),
        key.version(), Instant.ofEpochMilli(f.holdingSince()), format(f.value()), Instant.ofEpochMilli(w.startMillis),
        raisedAt, w.count, w.labelled, f.rule().actions());
    Alert alert = new Alert(id, key.organizationId(), key.modelId(), f.rule().name(), f.rule().condition(), f.value(),
        f.rule().actions(), raisedAt, key.version(), message);
    try {
      store.saveAlert(alert, new AuditDraft(key.organizationId(), Principal.system(key.organizationId()).userId(),
          "monitoring.alert_raised", MonitorStore.ALERT, id, null, env.json().toJson(alert), message, raisedAt));
    } catch (RuntimeException e) {
      LOG.warn("Could not store alert {}; delivering it anyway", id, e);
    }
    try {
      env.alerts().accept(alert);
    } catch (RuntimeException e) {
      LOG.warn("The alert consumer failed on alert {}", id, e);
    }
    assert metrics != null;
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6g", v);
  }

  // ---------------------------------------------------------------- queries

  /**
   * The windows of a version that start in a range: those in memory, and older ones read back from
   * the store.
   *
   * @param m the monitor
   * @param fromMillis inclusive start
   * @param toMillis exclusive end
   * @return the windows, any order
   */
  List<Window> windows(ModelMonitor m, long fromMillis, long toMillis) {
    List<Window> out = new ArrayList<>(m.windowsInMemory(fromMillis, toMillis));
    long oldest = m.oldestInMemory();
    if (fromMillis < oldest) {
      long step = m.windowMillis();
      long first = Math.floorDiv(fromMillis + step - 1, step) * step;
      long last = Math.min(toMillis, oldest);
      long count = last > first ? (last - first + step - 1) / step : 0;
      if (count > MAX_WINDOWS_PER_QUERY) {
        throw new IllegalArgumentException("the period " + Instant.ofEpochMilli(fromMillis) + " to "
            + Instant.ofEpochMilli(toMillis) + " spans " + count + " stored windows of " + step + " ms; a query reads at"
            + " most " + MAX_WINDOWS_PER_QUERY + ", so shorten the period");
      }
      for (long start = first; start < last; start += step) {
        Optional<WindowRecord> r = store.window(m.key(), start);
        if (r.isPresent()) {
          out.add(WindowCodec.fromRecord(r.get(), m.labels(), m.schema()));
        }
      }
    }
    return out;
  }

  private Window merged(ModelMonitor m, Period period, long[] covered) {
    long from = period.start().toEpochMilli();
    long to = period.end().toEpochMilli();
    long now = env.clock().millis();
    Window acc = new Window(from, to, m.labels().slots(), m.schema());
    for (Window w : windows(m, from, to)) {
      acc.merge(w);
      covered[0] += Math.max(0, Math.min(w.endMillis, now) - w.startMillis);
    }
    return acc;
  }

  /**
   * @param org the organisation
   * @param modelId the model
   * @param period the period
   * @return the seed's performance report
   * @throws NotFoundException if nothing of the model is monitored
   */
  public ModelPerformance performance(String org, String modelId, Period period) {
    ensureOpen();
    List<ModelMonitor> ms = monitorsOf(org, modelId);
    if (ms.isEmpty()) {
      throw new NotFoundException("model " + modelId + " has no monitored version in organisation " + org
          + ": record its predictions (or register a reference profile) first");
    }
    TechnicalMetrics technical = ProcessMetrics.sample();
    Window all = new Window(period.start().toEpochMilli(), period.end().toEpochMilli(), ms.get(0).labels().slots(), null);
    long allCovered = 0;
    Map<String, PerformanceMetrics> byVersion = new LinkedHashMap<>();
    ModelMonitor busiest = null;
    long busiestCount = -1;
    for (ModelMonitor m : ms) {
      long[] covered = {0};
      Window w = merged(m, period, covered);
      String positive = m.schema() == null ? null : m.schema().profile.positiveLabel();
      byVersion.put(m.key().version(), WindowMetrics.performance(w, m.labels(), positive,
          WindowMetrics.business(w, m.labels(), businessOf(m.key())), technical, covered[0]));
      all.merge(w);
      allCovered = Math.max(allCovered, covered[0]);
      if (m.schema() != null && w.count > busiestCount) {
        busiest = m;
        busiestCount = w.count;
      }
    }
    String positive = ms.get(0).schema() == null ? null : ms.get(0).schema().profile.positiveLabel();
    PerformanceMetrics total = WindowMetrics.performance(all, ms.get(0).labels(), positive,
        WindowMetrics.business(all, ms.get(0).labels(), businessOf(ms.get(0).key())), technical, allCovered);
    List<DriftFinding> drift = busiest == null || busiestCount <= 0 ? List.of()
        : drift(org, modelId, busiest.key().version(), period, settings.driftOptions()).all();
    return new ModelPerformance(modelId, period, total, byVersion, drift,
        store.alerts(org, modelId, period.start(), period.end()));
  }

  /**
   * @param org the organisation
   * @param modelId the model
   * @param version the version
   * @param period the period
   * @param options how to test
   * @return the drift report
   * @throws NotFoundException if the version has no reference profile
   */
  public DriftReport drift(String org, String modelId, String version, Period period, DriftOptions options) {
    ensureOpen();
    MonitorKey key = new MonitorKey(org, modelId, version);
    Optional<ReferenceProfile> ref = reference(org, modelId, version);
    if (ref.isEmpty()) {
      throw new NotFoundException("model version " + key.qualifiedName() + " has no reference profile in organisation "
          + org + ": register one with Monitoring.registerReference to measure drift");
    }
    ModelMonitor m = monitor(key, () -> true);
    if (m.schema() == null) {
      m.useSchema(new Schema(ref.get(), null));
    }
    long[] covered = {0};
    Window w = merged(m, period, covered);
    DriftEvaluator.Result r = DriftEvaluator.evaluate(m.schema(), w, m.labels(), options);
    List<DriftFinding> concept = new ArrayList<>();
    if (w.labelled > 0) {
      ConceptDetectors detectors = m.detectors();
      for (int i = 0; i < ConceptDetectors.COUNT; i++) {
        ChangeDetector d = detectors.get(i);
        int n = w.conceptDetections[i];
        concept.add(new DriftFinding("concept", d.name(), d.name(), n, Double.NaN, d.threshold(), n > 0, Double.NaN, 0,
            w.labelled, n + " change" + (n == 1 ? "" : "s") + " of the error rate detected in " + w.labelled
                + " joined outcomes"));
      }
    }
    List<DriftFinding> performance = new ArrayList<>();
    ReferenceProfile p = ref.get();
    for (Map.Entry<String, Double> e : p.validationMetrics().entrySet()) {
      long[] sn = successes(e.getKey(), w, m.labels(), p.positiveLabel());
      if (sn != null) {
        performance.add(PerformanceDrift.finding(e.getKey(), sn[0], sn[1], e.getValue(), p.validationSize()));
      }
    }
    return new DriftReport(modelId, version, period, p.rows(), w.count, r.features(), r.prediction(), concept,
        performance, r.driftShare(), r.datasetDrift(), options, env.clock().instant());
  }

  private static long[] successes(String metric, Window w, Dictionary labels, String positive) {
    switch (metric) {
      case "accuracy" -> {
        return new long[] {w.correct, w.labelled};
      }
      case "precision", "recall" -> {
        int c = positive == null ? -1 : labels.find(positive);
        if (c < 0 || c >= w.labelSlots) {
          return positive == null ? null : new long[] {0, 0};
        }
        long tp = w.confusion[c * w.labelSlots + c];
        return new long[] {tp, metric.equals("precision") ? WindowMetrics.columnSum(w, c) : WindowMetrics.rowSum(w, c)};
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * @param org the organisation
   * @param modelId the model
   * @param period the period
   * @return its alerts in the period
   */
  public List<Alert> alerts(String org, String modelId, Period period) {
    return store.alerts(org, modelId, period.start(), period.end());
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the monitoring engine is closed");
    }
  }

  /** Checkpoints every monitor, so that a clean shutdown loses nothing, and refuses later calls. */
  public void close() {
    if (closed) {
      return;
    }
    try {
      flush(null);
    } finally {
      closed = true;
    }
  }
}
