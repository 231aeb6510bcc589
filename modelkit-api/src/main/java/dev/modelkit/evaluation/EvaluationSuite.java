package dev.modelkit.evaluation;

import dev.modelkit.config.Checks;
import dev.modelkit.training.DataSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to evaluate a model version on and which parts of the suite to run (the seed's {@code
 * EvaluationSuite}). Build one with {@link #builder(String, List)}.
 *
 * @param name a name for reports
 * @param testData labelled data the model did not train on, read by the training engine
 * @param positiveClass the class whose probability ROC/PR curves and fairness rates use
 * @param protectedAttributes input fields fairness is assessed over (for example {@code
 *     personal_status}, {@code age}, {@code foreign_worker})
 * @param evaluations the parts to run
 * @param challengerVersion a version of the same model to compare against ({@link
 *     EvaluationType#BENCHMARK}); null for none
 * @param timeField the field {@link EvaluationType#BACKTEST} orders rows by; null for none
 * @param seed seeds every random choice (noise, permutations, sampling), so a rerun gives the same report
 * @param intervalResamples resamples of the bootstrap behind the fairness disparities' 95% intervals;
 *     0 (also what suites stored before this field read as) means {@value #DEFAULT_INTERVAL_RESAMPLES}
 * @param minIntervalRows the fewest rows a rate's denominator (or each group a disparity compares)
 *     needs for a confidence interval to be given rather than withheld with a caveat; 0 means
 *     {@value #DEFAULT_MIN_INTERVAL_ROWS}
 */
public record EvaluationSuite(String name, List<DataSource> testData, String positiveClass,
    List<String> protectedAttributes, Set<EvaluationType> evaluations, String challengerVersion, String timeField,
    long seed, int intervalResamples, int minIntervalRows) {

  /** Bootstrap resamples of the fairness intervals when the suite names none. */
  public static final int DEFAULT_INTERVAL_RESAMPLES = 2000;
  /** Rows below which an interval is withheld, when the suite names no minimum. */
  public static final int DEFAULT_MIN_INTERVAL_ROWS = 30;
  /** Fewest resamples accepted: fewer make the 2.5% and 97.5% percentiles rest on a handful of values. */
  public static final int MIN_INTERVAL_RESAMPLES = 200;

  /** Validates and copies. */
  public EvaluationSuite {
    Checks c = new Checks("EvaluationSuite");
    c.notBlank("name", name);
    c.check(testData != null && !testData.isEmpty(), "testData", testData == null ? null : "[]",
        "list at least one labelled data source");
    c.noBlanks("protectedAttributes", protectedAttributes);
    c.check(intervalResamples == 0 || intervalResamples >= MIN_INTERVAL_RESAMPLES, "intervalResamples",
        String.valueOf(intervalResamples), "0 for the default " + DEFAULT_INTERVAL_RESAMPLES + ", or at least "
            + MIN_INTERVAL_RESAMPLES);
    c.check(minIntervalRows >= 0, "minIntervalRows", String.valueOf(minIntervalRows),
        "0 for the default " + DEFAULT_MIN_INTERVAL_ROWS + ", or a positive number of rows");
    c.throwIfAny();
    intervalResamples = intervalResamples == 0 ? DEFAULT_INTERVAL_RESAMPLES : intervalResamples;
    minIntervalRows = minIntervalRows == 0 ? DEFAULT_MIN_INTERVAL_ROWS : minIntervalRows;
    testData = List.copyOf(testData);
    protectedAttributes = protectedAttributes == null ? List.of() : List.copyOf(protectedAttributes);
    evaluations = evaluations == null || evaluations.isEmpty() ? Set.copyOf(EnumSet.allOf(EvaluationType.class))
        : Set.copyOf(evaluations);
  }

  /**
   * A suite with the default interval settings, as suites were made before those fields existed.
   *
   * @param name a name for reports
   * @param testData labelled data
   * @param positiveClass the positive class, or null for the rarest
   * @param protectedAttributes fairness attributes
   * @param evaluations the parts to run (all when empty)
   * @param challengerVersion the challenger, or null
   * @param timeField the backtest's time field, or null
   * @param seed the seed
   * @throws dev.modelkit.ConfigurationException naming every invalid field
   */
  public EvaluationSuite(String name, List<DataSource> testData, String positiveClass,
      List<String> protectedAttributes, Set<EvaluationType> evaluations, String challengerVersion, String timeField,
      long seed) {
    this(name, testData, positiveClass, protectedAttributes, evaluations, challengerVersion, timeField, seed, 0, 0);
  }

  /**
   * @param name a name for reports
   * @param testData labelled data
   * @return a builder running every part of the suite, seed 42
   */
  public static Builder builder(String name, List<DataSource> testData) {
    return new Builder(name, testData);
  }

  /** Builds an {@link EvaluationSuite}. */
  public static final class Builder {
    private final String name;
    private final List<DataSource> testData;
    private String positiveClass;
    private final List<String> protectedAttributes = new ArrayList<>();
    private final Set<EvaluationType> evaluations = EnumSet.noneOf(EvaluationType.class);
    private String challengerVersion;
    private String timeField;
    private long seed = 42L;
    private int intervalResamples;
    private int minIntervalRows;

    private Builder(String name, List<DataSource> testData) {
      this.name = name;
      this.testData = testData;
    }

    /** @param cls the positive class; @return this */
    public Builder positiveClass(String cls) {
      this.positiveClass = cls;
      return this;
    }

    /** @param fields protected attributes; @return this */
    public Builder protectedAttributes(String... fields) {
      protectedAttributes.addAll(List.of(fields));
      return this;
    }

    /** @param types the parts to run (all when none is named); @return this */
    public Builder evaluations(EvaluationType... types) {
      evaluations.addAll(List.of(types));
      return this;
    }

    /** @param version the challenger version; @return this */
    public Builder challengerVersion(String version) {
      this.challengerVersion = version;
      return this;
    }

    /** @param field the time field for backtesting; @return this */
    public Builder timeField(String field) {
      this.timeField = field;
      return this;
    }

    /** @param value the seed; @return this */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * @param resamples bootstrap resamples of the fairness intervals (at least {@value
     *     #MIN_INTERVAL_RESAMPLES}; default {@value #DEFAULT_INTERVAL_RESAMPLES})
     * @return this
     */
    public Builder intervalResamples(int resamples) {
      this.intervalResamples = resamples;
      return this;
    }

    /**
     * @param rows the fewest rows behind a figure for its interval to be given (default {@value
     *     #DEFAULT_MIN_INTERVAL_ROWS})
     * @return this
     */
    public Builder minIntervalRows(int rows) {
      this.minIntervalRows = rows;
      return this;
    }

    /**
     * @return the suite
     * @throws dev.modelkit.ConfigurationException naming every invalid field
     */
    public EvaluationSuite build() {
      return new EvaluationSuite(name, testData, positiveClass, protectedAttributes, evaluations, challengerVersion,
          timeField, seed, intervalResamples, minIntervalRows);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvaluationSuite s && name.equals(s.name) && testData.equals(s.testData)
        && Objects.equals(positiveClass, s.positiveClass) && protectedAttributes.equals(s.protectedAttributes)
        && evaluations.equals(s.evaluations) && Objects.equals(challengerVersion, s.challengerVersion)
        && Objects.equals(timeField, s.timeField) && seed == s.seed && intervalResamples == s.intervalResamples
        && minIntervalRows == s.minIntervalRows;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, testData, positiveClass, protectedAttributes, evaluations, challengerVersion, timeField,
        seed, intervalResamples, minIntervalRows);
  }
}
