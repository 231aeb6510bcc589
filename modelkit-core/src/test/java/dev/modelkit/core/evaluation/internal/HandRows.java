package dev.modelkit.core.evaluation.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ten hand-made rows (plus one the model cannot score) whose every figure is worked out by hand
 * in the tests. With {@link ScorePredictor}, row i is predicted {@code bad} exactly when its score
 * is at least 0.5:
 *
 * <pre>
 * row  class  score  age  foreign  month    predicted
 *  0   bad    0.90   22   yes      2024-03  bad   TP
 *  1   bad    0.80   40   yes      2024-07  bad   TP
 *  2   good   0.70   30   yes      2024-01  bad   FP
 *  3   bad    0.60   19   no       2024-10  bad   TP
 *  4   good   0.55   50   no       2024-05  bad   FP
 *  5   bad    0.40   23   yes      2024-02  good  FN
 *  6   good   0.30   35   yes      2024-09  good  TN
 *  7   good   0.20   61   yes      2024-04  good  TN
 *  8   good   0.10   24   yes      2024-06  good  TN
 *  9   good   0.05   45   (none)   2024-08  good  TN
 * 10   bad    "n/a"  33   yes      2024-11  (cannot be scored)
 * </pre>
 */
public final class HandRows {
  static final String[] CLASS = {"bad", "bad", "good", "bad", "good", "bad", "good", "good", "good", "good"};
  static final double[] SCORE = {0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05};
  static final double[] AGE = {22, 40, 30, 19, 50, 23, 35, 61, 24, 45};
  static final String[] FOREIGN = {"yes", "yes", "yes", "no", "no", "yes", "yes", "yes", "yes", null};
  static final String[] MONTH = {"2024-03", "2024-07", "2024-01", "2024-10", "2024-05", "2024-02", "2024-09",
      "2024-04", "2024-06", "2024-08"};

  private HandRows() {}

  /** @return the ten scorable rows followed by the unscorable one */
  public static List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(row(CLASS[i], SCORE[i], AGE[i], FOREIGN[i], MONTH[i]));
    }
    rows.add(row("bad", "n/a", 33.0, "yes", "2024-11"));
    return rows;
  }

  /** @return the fields in reading order, the label last */
  public static List<String> columns() {
    return List.of("score", "age", "foreign", "month", "class");
  }

  private static Map<String, Object> row(String cls, Object score, double age, String foreign, String month) {
    Map<String, Object> r = new HashMap<>();
    r.put("score", score);
    r.put("age", age);
    r.put("foreign", foreign);
    r.put("month", month);
    r.put("class", cls);
    return r;
  }

  /** @return the scores of the ten scorable rows, as the runner computes them */
  static Scores scores() {
    String[] predicted = new String[10];
    double[] pAct = new double[10];
    for (int i = 0; i < 10; i++) {
      predicted[i] = SCORE[i] >= 0.5 ? "bad" : "good";
      pAct[i] = CLASS[i].equals("bad") ? SCORE[i] : 1 - SCORE[i];
    }
    return new Scores(CLASS.clone(), predicted, SCORE.clone(), pAct, "bad");
  }
}
