package dev.modelkit.core.monitoring.internal;

import dev.modelkit.monitoring.Alert;
import dev.modelkit.monitoring.ReferenceProfile;
import dev.modelkit.spi.AuditDraft;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.JsonCodec;
import dev.modelkit.spi.MetadataStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Monitoring's objects in the metadata store, each kind with its id scheme: windows by version
 * and start, version states, reference profiles, alert rules and alerts. Ids are the URL-encoded
 * parts joined with {@code /} (hashed when longer than the store allows), so that no model or
 * version name can make two ids collide.
 */
public final class MonitorStore {
  /** Kind of stored windows. */
  public static final String WINDOW = "monitor_window";
  /** Kind of version states. */
  public static final String STATE = "monitor_state";
  /** Kind of reference profiles. */
  public static final String REFERENCE = "monitor_reference";
  /** Kind of alert rules. */
  public static final String RULE = "monitor_rule";
  /** Kind of raised alerts. */
  public static final String ALERT = "monitor_alert";
  /** Status of every stored version state, so all can be listed at start-up. */
  static final String ACTIVE = "ACTIVE";
  private static final int PAGE = 500;

  private final MetadataStore metadata;
  private final JsonCodec json;
  private final Path joinDirectory;

  /**
   * @param metadata the metadata store
   * @param json the codec
   * @param home the ModelKit home directory; join buffers go to {@code home/monitoring}
   */
  public MonitorStore(MetadataStore metadata, JsonCodec json, Path home) {
    this.metadata = metadata;
    this.json = json;
    this.joinDirectory = home.resolve("monitoring");
  }

  /** @return the codec */
  JsonCodec json() {
    return json;
  }

  static String id(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(URLEncoder.encode(p, StandardCharsets.UTF_8));
    }
    if (sb.length() <= 240) {
      return sb.toString();
    }
    try {
      return "sha256-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static String windowId(MonitorKey key, long startMillis) {
    return id(key.modelId(), key.version(), Long.toString(startMillis));
  }

  /**
   * @param key a version
   * @return the file its join buffer is kept in
   */
  Path joinFile(MonitorKey key) {
    return joinDirectory.resolve(id(key.organizationId())).resolve(id(key.modelId(), key.version()).replace('/', '_') + ".join");
  }

  /**
   * Saves a window, replacing the stored one with the same start.
   *
   * @param key the version
   * @param record the window
   */
  void saveWindow(MonitorKey key, WindowRecord record) {
    String id = windowId(key, record.start().toEpochMilli());
    Optional<EntityRecord> existing = metadata.get(WINDOW, key.organizationId(), id);
    metadata.save(WINDOW, key.organizationId(), id, record.closed() ? "CLOSED" : "OPEN", json.toJson(record),
        existing.map(EntityRecord::version).orElse(0L), null);
  }

  /**
   * @param key a version
   * @param startMillis a window start
   * @return the stored window
   */
  Optional<WindowRecord> window(MonitorKey key, long startMillis) {
    return metadata.get(WINDOW, key.organizationId(), windowId(key, startMillis))
        .map(r -> json.fromJson(r.json(), WindowRecord.class));
  }

  void saveState(MonitorKey key, MonitorState state) {
    String id = id(key.modelId(), key.version());
    Optional<EntityRecord> existing = metadata.get(STATE, key.organizationId(), id);
    metadata.save(STATE, key.organizationId(), id, ACTIVE, json.toJson(state),
        existing.map(EntityRecord::version).orElse(0L), null);
  }

  Optional<MonitorState> state(MonitorKey key) {
    return metadata.get(STATE, key.organizationId(), id(key.modelId(), key.version()))
        .map(r -> json.fromJson(r.json(), MonitorState.class));
  }

  /**
   * @param organizationId an organisation
   * @return every version state of the organisation
   */
  List<MonitorState> states(String organizationId) {
    List<MonitorState> out = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      List<EntityRecord> page = metadata.list(STATE, organizationId, null, offset, PAGE);
      for (EntityRecord r : page) {
        out.add(json.fromJson(r.json(), MonitorState.class));
      }
      if (page.size() < PAGE) {
        return out;
      }
    }
  }

  /** @return every stored version state of every organisation, with its organisation */
  List<EntityRecord> allStates() {
    return metadata.listAllOrganizations(STATE, ACTIVE);
  }

  void saveReference(String org, ReferenceProfile profile, AuditDraft audit) {
    String id = id(profile.modelId(), profile.version());
    Optional<EntityRecord> existing = metadata.get(REFERENCE, org, id);
    metadata.save(REFERENCE, org, id, "REGISTERED", json.toJson(profile), existing.map(EntityRecord::version).orElse(0L),
        audit);
  }

  Optional<ReferenceProfile> reference(String org, String modelId, String version) {
    return metadata.get(REFERENCE, org, id(modelId, version)).map(r -> json.fromJson(r.json(), ReferenceProfile.class));
  }

  void saveRule(String org, StoredRule rule, AuditDraft audit) {
    String id = id(rule.modelId(), rule.rule().name());
    Optional<EntityRecord> existing = metadata.get(RULE, org, id);
    metadata.save(RULE, org, id, "ACTIVE", json.toJson(rule), existing.map(EntityRecord::version).orElse(0L), audit);
  }

  boolean deleteRule(String org, String modelId, String name, AuditDraft audit) {
    String id = id(modelId, name);
    Optional<EntityRecord> existing = metadata.get(RULE, org, id);
    return existing.isPresent() && metadata.delete(RULE, org, id, existing.get().version(), audit);
  }

  List<StoredRule> rules(String org) {
    List<StoredRule> out = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      List<EntityRecord> page = metadata.list(RULE, org, null, offset, PAGE);
      for (EntityRecord r : page) {
        out.add(json.fromJson(r.json(), StoredRule.class));
      }
      if (page.size() < PAGE) {
        return out;
      }
    }
  }

  void saveAlert(Alert alert, AuditDraft audit) {
    metadata.save(ALERT, alert.organizationId(), alert.id(), "RAISED", json.toJson(alert), 0, audit);
  }

  /**
   * @param org an organisation
   * @param modelId a model
   * @param from inclusive start
   * @param to exclusive end
   * @return the model's alerts raised in the range, oldest first
   */
  List<Alert> alerts(String org, String modelId, Instant from, Instant to) {
    List<Alert> out = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      List<EntityRecord> page = metadata.list(ALERT, org, null, offset, PAGE);
      for (EntityRecord r : page) {
        Alert a = json.fromJson(r.json(), Alert.class);
        if (a.modelId().equals(modelId) && !a.raisedAt().isBefore(from) && a.raisedAt().isBefore(to)) {
          out.add(a);
        }
      }
      if (page.size() < PAGE) {
        out.sort(java.util.Comparator.comparing(Alert::raisedAt));
        return out;
      }
    }
  }
}
