package dev.modelkit.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Lending Club loans of {@code data/credit/lending_club.csv} as feature maps, without the class. */
final class LendingClubRows {
  private LendingClubRows() {}

  /**
   * @return the rows, read from the directory in the {@code modelkit.data} property (default {@code data})
   * @throws IOException if the file cannot be read
   */
  static List<Map<String, Object>> load() throws IOException {
    Path file = Path.of(System.getProperty("modelkit.data", "data"), "credit", "lending_club.csv");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String[] header = lines.get(0).replace("\"", "").split(",");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",", -1);
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < header.length; c++) {
        if (!header[c].equals("Class")) {
          String cell = cells[c];
          row.put(header[c], cell.startsWith("\"") ? cell.substring(1, cell.length() - 1) : Double.valueOf(cell));
        }
      }
      rows.add(row);
    }
    return rows;
  }
}
