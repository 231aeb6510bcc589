package dev.modelkit.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The anchors' encoding of a credit table, fitted on a training fold only: each nominal column
 * one-hot over the categories seen in training (an unseen category encodes as all zeros), each
 * numeric column as is or standardised with the training rows' mean and standard deviation.
 */
final class AnchorFeatures {
  private final CreditTable table;
  private final List<Integer> numeric = new ArrayList<>();
  private final List<Map<String, Integer>> categories = new ArrayList<>();
  private final List<Integer> nominal = new ArrayList<>();
  private final double[] mean;
  private final double[] scale;
  private final boolean standardise;
  private final int width;

  /**
   * @param table the data
   * @param train the training rows the encoding is fitted on
   * @param standardise standardise numeric columns (logistic regression) or leave them as is (trees)
   * @throws NumberFormatException if a numeric cell cannot be parsed
   */
  AnchorFeatures(CreditTable table, int[] train, boolean standardise) {
    this.table = table;
    this.standardise = standardise;
    int w = 0;
    for (int c = 0; c < table.columns().size(); c++) {
      if (c == table.labelColumn()) {
        continue;
      }
      if (table.nominal()[c]) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int r : train) {
          seen.putIfAbsent(table.cells().get(r)[c], seen.size());
        }
        nominal.add(c);
        categories.add(seen);
        w += seen.size();
      } else {
        numeric.add(c);
        w++;
      }
    }
    width = w;
    mean = new double[numeric.size()];
    scale = new double[numeric.size()];
    for (int j = 0; j < numeric.size(); j++) {
      double s = 0;
      double ss = 0;
      for (int r : train) {
        double x = value(r, numeric.get(j));
        s += x;
        ss += x * x;
      }
      mean[j] = s / train.length;
      double var = ss / train.length - mean[j] * mean[j];
      scale[j] = var > 1e-12 ? Math.sqrt(var) : 1;
    }
  }

  private double value(int row, int column) {
    return Double.parseDouble(table.cells().get(row)[column]);
  }

  /** @return the number of encoded features */
  int width() {
    return width;
  }

  /**
   * @param rows row indices
   * @return one encoded feature vector per row
   */
  double[][] encode(int[] rows) {
    double[][] out = new double[rows.length][width];
    for (int i = 0; i < rows.length; i++) {
      int k = 0;
      for (int j = 0; j < numeric.size(); j++) {
        double x = value(rows[i], numeric.get(j));
        out[i][k++] = standardise ? (x - mean[j]) / scale[j] : x;
      }
      for (int j = 0; j < nominal.size(); j++) {
        Integer slot = categories.get(j).get(table.cells().get(rows[i])[nominal.get(j)]);
        if (slot != null) {
          out[i][k + slot] = 1;
        }
        k += categories.get(j).size();
      }
    }
    return out;
  }
}
