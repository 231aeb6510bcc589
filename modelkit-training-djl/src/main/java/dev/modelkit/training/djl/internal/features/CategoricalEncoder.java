package dev.modelkit.training.djl.internal.features;

import dev.modelkit.training.djl.internal.data.Cells;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A categorical field, one-hot encoded over the categories seen in the training fold (most
 * frequent first, at most {@value #MAX_CATEGORIES}). A missing value is its own category when the
 * training fold had missing values; a category never seen in training (or a missing value
 * otherwise) encodes as all zeros, so inference never fails on it.
 *
 * @param field the field
 * @param categories the categories, in column order
 */
public record CategoricalEncoder(String field, List<String> categories) implements FieldEncoder {
  /** Largest number of one-hot columns per field; rarer categories count as unseen. */
  public static final int MAX_CATEGORIES = 200;
  /** The category name standing for a missing value. */
  public static final String MISSING = "<missing>";

  /** Copies the list. */
  public CategoricalEncoder {
    categories = List.copyOf(categories);
  }

  @Override
  public int width() {
    return categories.size();
  }

  @Override
  public List<String> featureNames() {
    List<String> n = new ArrayList<>();
    for (String c : categories) {
      n.add(field + "=" + c);
    }
    return n;
  }

  @Override
  public void encode(List<String> raw, float[][] out, int offset, PipelineResources resources) {
    Map<String, Integer> index = resources.categoryIndex(this);
    for (int r = 0; r < raw.size(); r++) {
      String v = raw.get(r);
      Integer j = index.get(Cells.isMissing(v) ? MISSING : v);
      if (j != null) {
        out[r][offset + j] = 1f;
      }
    }
  }

  /**
   * @param field the field
   * @param values the training fold's raw cells
   * @return the fitted encoder
   */
  public static CategoricalEncoder fit(String field, List<String> values) {
    Map<String, Integer> counts = new HashMap<>();
    for (String v : values) {
      counts.merge(Cells.isMissing(v) ? MISSING : v, 1, Integer::sum);
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    LinkedHashMap<String, Boolean> cats = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : sorted) {
      if (cats.size() < MAX_CATEGORIES) {
        cats.put(e.getKey(), true);
      }
    }
    return new CategoricalEncoder(field, new ArrayList<>(cats.keySet()));
  }
}
