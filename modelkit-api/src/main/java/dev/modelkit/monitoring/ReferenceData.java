package dev.modelkit.monitoring;

import dev.modelkit.config.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The data a {@link ReferenceProfile} is captured from: the training or validation rows (as maps,
 * or as columns), optionally the model's predictions and probabilities on them, and the version's
 * validation metrics. Built with {@link #builder()}; immutable.
 *
 * <p>Feature types are inferred: a feature whose non-missing values are all {@link Number}s is
 * numeric, one whose values are all {@link String}s is categorical; {@link Builder#type} overrides
 * the inference (for example for a numerically coded category).
 */
public final class ReferenceData {
  private final List<Map<String, ?>> rows;
  private final Map<String, double[]> numericColumns;
  private final Map<String, String[]> categoricalColumns;
  private final Map<String, FeatureType> types;
  private final List<String> predictions;
  private final double[] probabilities;
  private final Map<String, Double> validationMetrics;
  private final long validationSize;
  private final String positiveLabel;

  private ReferenceData(Builder b) {
    this.rows = List.copyOf(b.rows);
    this.numericColumns = Collections.unmodifiableMap(new LinkedHashMap<>(b.numericColumns));
    this.categoricalColumns = Collections.unmodifiableMap(new LinkedHashMap<>(b.categoricalColumns));
    this.types = Map.copyOf(b.types);
    this.predictions = b.predictions == null ? null : Collections.unmodifiableList(new ArrayList<>(b.predictions));
    this.probabilities = b.probabilities == null ? null : b.probabilities.clone();
    this.validationMetrics = Map.copyOf(b.validationMetrics);
    this.validationSize = b.validationSize;
    this.positiveLabel = b.positiveLabel;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the rows given as maps */
  public List<Map<String, ?>> rows() {
    return rows;
  }

  /** @return numeric columns given as arrays, in insertion order */
  public Map<String, double[]> numericColumns() {
    return numericColumns;
  }

  /** @return categorical columns given as arrays, in insertion order */
  public Map<String, String[]> categoricalColumns() {
    return categoricalColumns;
  }

  /** @return explicit feature types */
  public Map<String, FeatureType> types() {
    return types;
  }

  /** @return the model's predicted labels on the rows, or null */
  public List<String> predictions() {
    return predictions;
  }

  /** @return the model's predicted probabilities on the rows, or null */
  public double[] probabilities() {
    return probabilities == null ? null : probabilities.clone();
  }

  /** @return validation metrics */
  public Map<String, Double> validationMetrics() {
    return validationMetrics;
  }

  /** @return rows the validation metrics were measured on, 0 when unknown */
  public long validationSize() {
    return validationSize;
  }

  /** @return the positive label, or null */
  public String positiveLabel() {
    return positiveLabel;
  }

  /** @return the number of rows: of the maps, else of the columns */
  public int size() {
    if (!rows.isEmpty()) {
      return rows.size();
    }
    for (double[] c : numericColumns.values()) {
      return c.length;
    }
    for (String[] c : categoricalColumns.values()) {
      return c.length;
    }
    return 0;
  }

  /** Builds {@link ReferenceData}; each setter checks its own value, {@link #build()} the rest. */
  public static final class Builder {
    private final List<Map<String, ?>> rows = new ArrayList<>();
    private final Map<String, double[]> numericColumns = new LinkedHashMap<>();
    private final Map<String, String[]> categoricalColumns = new LinkedHashMap<>();
    private final Map<String, FeatureType> types = new LinkedHashMap<>();
    private List<String> predictions;
    private double[] probabilities;
    private final Map<String, Double> validationMetrics = new LinkedHashMap<>();
    private long validationSize;
    private String positiveLabel;

    private Builder() {}

    /**
     * @param rows feature maps, one per row: numbers for numeric features, strings for
     *     categorical ones, null for a missing value
     * @return this
     */
    public Builder rows(List<? extends Map<String, ?>> rows) {
      Objects.requireNonNull(rows, "rows");
      for (Map<String, ?> r : rows) {
        this.rows.add(Objects.requireNonNull(r, "a row"));
      }
      return this;
    }

    /**
     * @param name a numeric feature
     * @param values its values, NaN for missing
     * @return this
     */
    public Builder numericColumn(String name, double[] values) {
      numericColumns.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(values, "values").clone());
      return this;
    }

    /**
     * @param name a categorical feature
     * @param values its values, null for missing
     * @return this
     */
    public Builder categoricalColumn(String name, String[] values) {
      categoricalColumns.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(values, "values").clone());
      return this;
    }

    /**
     * @param feature a feature
     * @param type its type, overriding inference
     * @return this
     */
    public Builder type(String feature, FeatureType type) {
      types.put(Objects.requireNonNull(feature, "feature"), Objects.requireNonNull(type, "type"));
      return this;
    }

    /**
     * @param predictions the model's predicted label for each row, in row order
     * @return this
     */
    public Builder predictions(List<String> predictions) {
      this.predictions = new ArrayList<>(Objects.requireNonNull(predictions, "predictions"));
      return this;
    }

    /**
     * @param probabilities the model's probability of the positive class for each row
     * @return this
     */
    public Builder probabilities(double[] probabilities) {
      this.probabilities = Objects.requireNonNull(probabilities, "probabilities").clone();
      return this;
    }

    /**
     * @param metric a validation metric's name, for example {@code accuracy}
     * @param value its value
     * @param size how many rows it was measured on (0 when unknown)
     * @return this
     */
    public Builder validation(String metric, double value, long size) {
      validationMetrics.put(Objects.requireNonNull(metric, "metric"), value);
      this.validationSize = size;
      return this;
    }

    /**
     * @param label the positive class for precision, recall and F1
     * @return this
     */
    public Builder positiveLabel(String label) {
      this.positiveLabel = Objects.requireNonNull(label, "label");
      return this;
    }

    /**
     * @return the data
     * @throws dev.modelkit.ConfigurationException listing every inconsistency: no data, rows and
     *     columns mixed, columns of different lengths, predictions or probabilities of another
     *     length, metrics that are not finite, a negative validation size
     */
    public ReferenceData build() {
      Checks c = new Checks("ReferenceData");
      boolean hasColumns = !numericColumns.isEmpty() || !categoricalColumns.isEmpty();
      c.check(!rows.isEmpty() || hasColumns, "rows", "[]", "hold at least one row (or give columns)");
      c.check(rows.isEmpty() || !hasColumns, "columns", numericColumns.keySet() + " " + categoricalColumns.keySet(),
          "not be given together with rows; give rows or columns");
      int n = rows.size();
      if (rows.isEmpty()) {
        n = -1;
        for (Map.Entry<String, double[]> e : numericColumns.entrySet()) {
          c.check(n < 0 || e.getValue().length == n, "numericColumns." + e.getKey(), e.getValue().length + " values",
              "have as many values as the other columns (" + n + ")");
          n = n < 0 ? e.getValue().length : n;
        }
        for (Map.Entry<String, String[]> e : categoricalColumns.entrySet()) {
          c.check(n < 0 || e.getValue().length == n, "categoricalColumns." + e.getKey(),
              e.getValue().length + " values", "have as many values as the other columns (" + n + ")");
          n = n < 0 ? e.getValue().length : n;
        }
      }
      int size = n;
      c.check(predictions == null || predictions.size() == size, "predictions",
          predictions == null ? null : predictions.size() + " labels", "have one label per row (" + size + ")");
      c.check(probabilities == null || probabilities.length == size, "probabilities",
          probabilities == null ? null : probabilities.length + " values", "have one value per row (" + size + ")");
      validationMetrics.forEach((k, v) -> c.check(Double.isFinite(v), "validationMetrics." + k, v, "be a finite number"));
      c.check(validationSize >= 0, "validationSize", validationSize, "be 0 (unknown) or positive");
      c.throwIfAny();
      return new ReferenceData(this);
    }
  }
}
