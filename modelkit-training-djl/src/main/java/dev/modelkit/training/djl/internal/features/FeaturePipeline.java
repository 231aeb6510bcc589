package dev.modelkit.training.djl.internal.features;

import dev.modelkit.training.djl.internal.data.Cells;
import dev.modelkit.training.djl.internal.data.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fitted preprocessing of a model: one encoder per input field, in order. Serialised as JSON
 * next to the weights; training and inference call the same {@link #transform} code.
 *
 * @param encoders the fitted encoders
 */
public record FeaturePipeline(List<FieldEncoder> encoders) {

  /** Copies the list. */
  public FeaturePipeline {
    encoders = List.copyOf(encoders);
  }

  /** @return total number of features */
  public int width() {
    int w = 0;
    for (FieldEncoder e : encoders) {
      w += e.width();
    }
    return w;
  }

  /** @return the input fields, in order */
  public List<String> inputFields() {
    List<String> f = new ArrayList<>();
    for (FieldEncoder e : encoders) {
      f.add(e.field());
    }
    return f;
  }

  /** @return every feature's name */
  public List<String> featureNames() {
    List<String> n = new ArrayList<>();
    for (FieldEncoder e : encoders) {
      n.addAll(e.featureNames());
    }
    return n;
  }

  /** @return for each feature, whether noise augmentation may perturb it */
  public boolean[] continuousMask() {
    boolean[] m = new boolean[width()];
    int off = 0;
    for (FieldEncoder e : encoders) {
      for (int i = 0; i < e.width(); i++) {
        m[off + i] = e.continuous();
      }
      off += e.width();
    }
    return m;
  }

  /**
   * Encodes rows of a table.
   *
   * @param table the table
   * @param rows row indices
   * @param resources tokenizers and encoders
   * @return one feature row per index
   */
  public float[][] transform(Table table, int[] rows, PipelineResources resources) {
    float[][] out = new float[rows.length][width()];
    int off = 0;
    for (FieldEncoder e : encoders) {
      int col = table.column(e.field());
      List<String> raw = new ArrayList<>(rows.length);
      for (int r : rows) {
        raw.add(table.row(r)[col]);
      }
      e.encode(raw, out, off, resources);
      off += e.width();
    }
    return out;
  }

  /**
   * Encodes request rows (field name to value).
   *
   * @param rows the rows
   * @param resources tokenizers and encoders
   * @return one feature row per input row
   * @throws IllegalArgumentException naming the field and value when a cell cannot be encoded
   */
  public float[][] transform(List<Map<String, Object>> rows, PipelineResources resources) {
    float[][] out = new float[rows.size()][width()];
    int off = 0;
    for (FieldEncoder e : encoders) {
      List<String> raw = new ArrayList<>(rows.size());
      for (Map<String, Object> r : rows) {
        raw.add(Cells.fromObject(r.get(e.field())));
      }
      e.encode(raw, out, off, resources);
      off += e.width();
    }
    return out;
  }
}
