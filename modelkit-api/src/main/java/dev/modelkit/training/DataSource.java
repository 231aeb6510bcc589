package dev.modelkit.training;

import dev.modelkit.config.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One data set used for training, validation or testing.
 *
 * @param id the source's id, unique within the configuration
 * @param type the file format
 * @param source a file path (relative paths resolve against the configuration file's directory or
 *     the runtime's data root)
 * @param schema input and output fields
 * @param filters row filters, for example {@code date_range: last_2_years} on the source's first
 *     datetime field
 * @param permissions roles allowed to train on this data; the caller must hold one
 * @param lastUpdated when the data was last refreshed, informational
 */
public record DataSource(
    String id, DataFormat type, String source, DataSchema schema, Map<String, String> filters,
    List<String> permissions, Instant lastUpdated) {

  /** Validates required fields. */
  public DataSource {
    Checks c = new Checks("DataSource");
    c.notBlank("id", id);
    c.required("type", type);
    c.notBlank("source", source);
    c.required("schema", schema);
    c.noBlanks("permissions", permissions);
    c.throwIfAny();
    filters = filters == null ? Map.of() : Map.copyOf(filters);
    permissions = permissions == null ? List.of() : List.copyOf(permissions);
  }
}
