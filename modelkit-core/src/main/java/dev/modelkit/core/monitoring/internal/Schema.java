package dev.modelkit.core.monitoring.internal;

import dev.modelkit.config.Violation;
import dev.modelkit.monitoring.FeatureProfile;
import dev.modelkit.monitoring.FeatureType;
import dev.modelkit.monitoring.ReferenceProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The features a monitored version's predictions must carry, from its reference profile: names
 * in profile order, types, the category dictionaries of categorical features (the reference's
 * categories first, then up to {@link #NEW_CATEGORIES} unseen ones) and the reference range of
 * numeric features, which windows reserve so that recording does not allocate.
 */
public final class Schema {
  /** Categories not in the reference that each categorical feature can count separately. */
  public static final int NEW_CATEGORIES = 64;

  final ReferenceProfile profile;
  final String[] names;
  final boolean[] numeric;
  final Dictionary[] dictionaries;
  final double[] low;
  final double[] high;
  final WeightedSample[] referenceSamples;
  final WeightedSample probabilitySample;
  private final Map<String, Integer> index = new HashMap<>();

  /**
   * @param profile the version's reference profile
   * @param previous the schema it replaces, whose dictionaries are kept where a feature is
   *     unchanged so that codes stay stable; may be null
   */
  public Schema(ReferenceProfile profile, Schema previous) {
    this.profile = profile;
    int n = profile.features().size();
    names = new String[n];
    numeric = new boolean[n];
    dictionaries = new Dictionary[n];
    low = new double[n];
    high = new double[n];
    referenceSamples = new WeightedSample[n];
    probabilitySample = sampleOf(profile.probability());
    for (int i = 0; i < n; i++) {
      FeatureProfile f = profile.features().get(i);
      names[i] = f.name();
      index.put(f.name(), i);
      numeric[i] = f.type() == FeatureType.NUMERIC;
      if (numeric[i]) {
        low[i] = f.min() == null ? 0 : f.min();
        high[i] = f.max() == null ? 0 : f.max();
        referenceSamples[i] = SketchCodec.decode(f.sketch()).toWeightedSample();
      } else {
        Integer old = previous == null ? null : previous.index.get(f.name());
        if (old != null && !previous.numeric[old]) {
          dictionaries[i] = previous.dictionaries[old];
        } else {
          dictionaries[i] = new Dictionary(f.categories().size() + NEW_CATEGORIES, new ArrayList<>(f.categories().keySet()));
        }
      }
    }
  }

  /**
   * @param p a numeric profile, or null
   * @return its values as a weighted sample, or null
   */
  private static WeightedSample sampleOf(FeatureProfile p) {
    return p == null || p.sketch() == null ? null : SketchCodec.decode(p.sketch()).toWeightedSample();
  }

  private final java.util.Map<String, WassersteinNull> nulls = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The simulated null distribution of a feature's normalised Wasserstein distance, computed on
   * first use and kept with the schema.
   *
   * @param feature the feature (or {@code probability})
   * @param reference its reference distribution
   * @param scale the normalising standard deviation
   * @return the null distribution
   */
  WassersteinNull wassersteinNull(String feature, WeightedSample reference, double scale) {
    return nulls.computeIfAbsent(feature, f -> WassersteinNull.of(reference, scale, 0x5EEDL ^ f.hashCode()));
  }

  /** @return the number of features */
  public int size() {
    return names.length;
  }

  /** @return the profile this schema comes from */
  public ReferenceProfile profile() {
    return profile;
  }

  /**
   * @param name a feature name
   * @return its position, or -1
   */
  public int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  /**
   * Describes every way a record's features differ from this schema; called only after the fast
   * path found a difference.
   *
   * @param features the record's features
   * @param qualifiedName the version, for messages
   * @return the differences
   */
  List<Violation> differences(Map<String, ?> features, String qualifiedName) {
    List<Violation> out = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      if (!features.containsKey(names[i])) {
        out.add(new Violation("features." + names[i], null, "be present: the reference profile of " + qualifiedName
            + " has this " + (numeric[i] ? "numeric" : "categorical") + " feature (pass null for a missing value)"));
        continue;
      }
      Object v = features.get(names[i]);
      if (v == null) {
        continue;
      }
      if (numeric[i] && !(v instanceof Number)) {
        out.add(new Violation("features." + names[i], v + " (" + v.getClass().getSimpleName() + ")",
            "be a number: the feature is numeric in the reference profile of " + qualifiedName));
      } else if (!numeric[i] && !(v instanceof String)) {
        out.add(new Violation("features." + names[i], v + " (" + v.getClass().getSimpleName() + ")",
            "be a string: the feature is categorical in the reference profile of " + qualifiedName));
      } else if (numeric[i] && Double.isInfinite(((Number) v).doubleValue())) {
        out.add(new Violation("features." + names[i], String.valueOf(v), "be finite (or NaN or null for missing)"));
      }
    }
    for (String key : features.keySet()) {
      if (!index.containsKey(key)) {
        out.add(new Violation("features." + key, String.valueOf(features.get(key)),
            "be absent: the reference profile of " + qualifiedName + " has no such feature (features: "
                + List.of(names) + ")"));
      }
    }
    return out;
  }
}
