package dev.modelkit.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One applicant of the Statlog German Credit data set ({@code data/credit/german_credit.arff},
 * CC BY 4.0), with the attributes the sample's scorecards use and whether the loan turned out
 * good.
 *
 * @param checkingStatus status of the checking account, for example {@code <0} or {@code no checking}
 * @param durationMonths loan duration
 * @param creditHistory repayment history
 * @param amount loan amount in DM
 * @param savingsStatus savings band
 * @param age age in years
 * @param good whether the loan was repaid
 */
public record CreditApplicant(String checkingStatus, int durationMonths, String creditHistory, double amount,
    String savingsStatus, int age, boolean good) {

  /**
   * Reads the ARFF file's data section.
   *
   * @param arff the file
   * @return the applicants, in file order
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming the line when a row is malformed
   */
  public static List<CreditApplicant> read(Path arff) {
    List<String> lines;
    try {
      lines = Files.readAllLines(arff, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + arff + "; pass the path of data/credit/german_credit.arff", e);
    }
    List<CreditApplicant> out = new ArrayList<>();
    boolean data = false;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).trim();
      if (!data) {
        data = line.equalsIgnoreCase("@data");
        continue;
      }
      if (line.isEmpty() || line.startsWith("%")) {
        continue;
      }
      List<String> f = fields(line);
      if (f.size() != 21) {
        throw new IllegalArgumentException(arff + " line " + (n + 1) + " has " + f.size() + " fields, expected 21");
      }
      out.add(new CreditApplicant(f.get(0), (int) Double.parseDouble(f.get(1)), f.get(2), Double.parseDouble(f.get(4)),
          f.get(5), (int) Double.parseDouble(f.get(12)), f.get(20).equals("good")));
    }
    return out;
  }

  // ARFF rows are comma-separated with single-quoted values that may contain commas.
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    out.add(current.toString().trim());
    return out;
  }
}
