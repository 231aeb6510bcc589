package dev.modelkit.core.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.modelkit.evaluation.EvaluationDetails.BacktestSlice;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the backtest orders time values and where it cuts: rows of equal time never straddle two
 * slices, and ISO-8601 date-times with different offsets are ordered by the instant they name,
 * not by their text.
 */
class BacktestTest {
  private static final double E = 1e-12;

  @Test
  void rowsOfEqualTimeStayInOneSliceAndSlicesDoNotOverlap() {
    // sorted: 1 1 1 2 2 2 2 3 4 5; equal-size cuts at 2, 4, 6 and 8 would put 1 and 2 in two slices each
    Object[] times = {2, 1, 5, 2, 3, 1, 2, 4, 1, 2};
    List<BacktestSlice> slices = Backtest.slices(times, allCorrect(times.length));
    // the first cut moves from 2 to the end of the 1s (3); the next, at 3 + 7/4 = 4, would move
    // back to 3 and leave the slice empty, so it moves to the end of the 2s (7); the last three
    // slices share the three rows left
    assertEquals(List.of("1 1 3", "2 2 4", "3 3 1", "4 4 1", "5 5 1"), slices.stream()
        .map(s -> s.from() + " " + s.to() + " " + s.rows()).toList());
    assertEquals(List.of(1, 2, 3, 4, 5), slices.stream().map(BacktestSlice::slice).toList());
  }

  @Test
  void aSingleTimeValueGivesOneSlice() {
    Object[] times = {"2002-08-22", "2002-08-22", "2002-08-22", "2002-08-22", "2002-08-22", "2002-08-22"};
    List<BacktestSlice> slices = Backtest.slices(times, allCorrect(times.length));
    assertEquals(1, slices.size());
    assertEquals(6, slices.get(0).rows());
  }

  @Test
  void isoDateTimesAreOrderedByInstantNotByText() {
    // in UTC: 00:00, 10:00, 10:15, 10:30, 11:00; as text the +02:00 one (12:00) would come last
    Object[] times = {"2002-08-22T12:00:00+02:00", "2002-08-22T10:30:00Z", "2002-08-22T09:00:00-02:00",
        "2002-08-22T10:15:00", "2002-08-22"};
    List<BacktestSlice> slices = Backtest.slices(times, allCorrect(times.length));
    assertEquals(List.of("2002-08-22", "2002-08-22T12:00:00+02:00", "2002-08-22T10:15:00", "2002-08-22T10:30:00Z",
        "2002-08-22T09:00:00-02:00"), slices.stream().map(BacktestSlice::from).toList());
  }

  @Test
  void theSameInstantWrittenTwoWaysIsATie() {
    Object[] times = {"2002-08-22T12:00:00+02:00", "2002-08-22T10:00:00Z", "2002-08-23", "2002-08-24", "2002-08-25",
        "2002-08-26"};
    List<BacktestSlice> slices = Backtest.slices(times, allCorrect(times.length));
    assertEquals(2, slices.get(0).rows(), "both spellings of 10:00 UTC are in the first slice");
    assertEquals(5, slices.size());
  }

  @Test
  void textThatIsNotAllIsoIsOrderedAsTextAndMissingTimesAreLeftOut() {
    Object[] times = {"b", "2002-08-22", null, "a", "c", "d"};
    String[] actual = {"bad", "good", "bad", "good", "bad", "good"};
    String[] predicted = {"bad", "bad", "bad", "good", "good", "good"};
    Scores s = new Scores(actual, predicted, new double[6], new double[6], "bad");
    List<BacktestSlice> slices = Backtest.slices(times, s);
    assertEquals(List.of("2002-08-22", "a", "b", "c", "d"), slices.stream().map(BacktestSlice::from).toList());
    assertEquals(List.of(0.0, 1.0, 1.0, 0.0, 1.0), slices.stream().map(x -> x.metrics().get("accuracy")).toList());
    assertEquals(5L, slices.stream().mapToLong(BacktestSlice::rows).sum());
  }

  @Test
  void isoReadingMatchesTheTrainingEnginesRule() {
    assertEquals(Instant.parse("2002-08-22T00:00:00Z"), Backtest.instant("2002-08-22"));
    assertEquals(Instant.parse("2002-08-22T10:15:30Z"), Backtest.instant("2002-08-22T10:15:30"));
    assertEquals(Instant.parse("2002-08-22T08:15:30Z"), Backtest.instant("2002-08-22T10:15:30+02:00"));
    assertNull(Backtest.instant("2024-03"));
    assertNull(Backtest.instant("Thu Aug 22 12:36:23 2002"));
    assertEquals(1.0, Backtest.slices(new Object[] {1.5}, allCorrect(1)).get(0).metrics().get("accuracy"), E);
  }

  private static Scores allCorrect(int n) {
    String[] labels = new String[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2 == 0 ? "bad" : "good";
    }
    return new Scores(labels, labels.clone(), new double[n], new double[n], "bad");
  }
}
