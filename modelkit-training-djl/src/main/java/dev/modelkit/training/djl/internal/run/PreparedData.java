package dev.modelkit.training.djl.internal.run;

import dev.modelkit.training.djl.DatasetException;
import dev.modelkit.training.djl.internal.data.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A job's loaded rows with their roles (training, validation, test source) and encoded labels.
 *
 * @param table all rows
 * @param training rows from training sources
 * @param validation rows from validation sources
 * @param test rows from test sources
 * @param labels per task, class index of every row
 */
record PreparedData(Table table, int[] training, int[] validation, int[] test, List<int[]> labels) {
  /** Most classes a label may have; more means the label is a quantity, not a class. */
  static final int MAX_CLASSES = 200;

  /**
   * @param table the rows
   * @param field a label field
   * @param trainingRows rows whose classes define the label set
   * @param declared the format's declared classes (ARFF), empty when none
   * @return the classes, declared order when given, else sorted
   * @throws DatasetException naming the file, column and value when there is only one class
   */
  static List<String> classes(Table table, String field, int[] trainingRows, List<String> declared) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int r : trainingRows) {
      counts.merge(table.value(r, field), 1, Integer::sum);
    }
    Set<String> seen = new TreeSet<>(counts.keySet());
    for (int r = 0; r < table.size(); r++) {
      seen.add(table.value(r, field));
    }
    if (counts.size() < 2) {
      String only = counts.isEmpty() ? null : counts.keySet().iterator().next();
      String file = trainingRows.length == 0 ? null : table.file(trainingRows[0]);
      throw new DatasetException("label column '" + field + "' of " + file + " has a single class '" + only + "' on all "
          + trainingRows.length + " training rows; a classifier needs at least two classes: add rows of another class"
          + " or check the filters", file, 0, field, only);
    }
    if (counts.size() > MAX_CLASSES) {
      String file = table.file(trainingRows[0]);
      throw new DatasetException("label column '" + field + "' of " + file + " has " + counts.size() + " distinct values;"
          + " the pytorch engine trains classifiers of at most " + MAX_CLASSES + " classes, and regression (numeric"
          + " targets) is not supported yet: bucket the label into classes", file, 0, field, null);
    }
    List<String> out = new ArrayList<>();
    for (String d : declared) {
      if (seen.contains(d)) {
        out.add(d);
      }
    }
    for (String s : seen) {
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * @param rows rows
   * @param task task index
   * @return the labels of those rows
   */
  int[] labelsOf(int[] rows, int task) {
    int[] y = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      y[i] = labels.get(task)[rows[i]];
    }
    return y;
  }
}
