package dev.modelkit.training.djl.internal.features;

import dev.modelkit.training.djl.internal.data.Cells;
import java.util.List;

/**
 * A boolean field as 1 or 0; a missing value becomes the training fold's share of true values.
 *
 * @param field the field
 * @param fill the value for a missing cell
 */
public record BooleanEncoder(String field, double fill) implements FieldEncoder {

  @Override
  public int width() {
    return 1;
  }

  @Override
  public List<String> featureNames() {
    return List.of(field);
  }

  @Override
  public void encode(List<String> raw, float[][] out, int offset, PipelineResources resources) {
    for (int r = 0; r < raw.size(); r++) {
      String v = raw.get(r);
      if (Cells.isMissing(v)) {
        out[r][offset] = (float) fill;
      } else {
        try {
          out[r][offset] = Cells.bool(v) ? 1f : 0f;
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("field '" + field + "' value '" + v + "' is not a boolean (true/false)", e);
        }
      }
    }
  }

  /**
   * @param field the field
   * @param values the training fold's cells
   * @return the fitted encoder
   */
  public static BooleanEncoder fit(String field, List<String> values) {
    int n = 0;
    int t = 0;
    for (String v : values) {
      if (!Cells.isMissing(v)) {
        n++;
        t += Cells.bool(v) ? 1 : 0;
      }
    }
    return new BooleanEncoder(field, n == 0 ? 0 : (double) t / n);
  }
}
