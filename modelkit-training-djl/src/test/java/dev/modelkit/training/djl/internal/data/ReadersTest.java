package dev.modelkit.training.djl.internal.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.training.DataFormat;
import dev.modelkit.training.DataSchema;
import dev.modelkit.training.DataSource;
import dev.modelkit.training.DataType;
import dev.modelkit.training.InvalidRowPolicy;
import dev.modelkit.training.djl.DatasetException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV, ARFF and JSON Lines readers and the loader's types, filters and fingerprints. */
class ReadersTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);

  private static List<String[]> read(RecordReader reader, String text, List<String> wanted, List<Long> lines)
      throws IOException {
    List<String[]> rows = new ArrayList<>();
    reader.read(new StringReader(text), wanted, h -> { }, (line, values) -> {
      rows.add(values);
      lines.add(line);
    });
    return rows;
  }

  @Test
  void csvHandlesQuotesEmbeddedCommasNewlinesAndMissingValues() throws IOException {
    List<Long> lines = new ArrayList<>();
    List<String[]> rows = read(new CsvRecordReader(), "a,b,c\r\n1,\"x, \"\"y\"\"\",\n\n2,\"multi\nline\",z\n3,,\"\"\n",
        List.of(), lines);
    assertEquals(3, rows.size());
    assertArrayEquals(new String[] {"1", "x, \"y\"", null}, rows.get(0));
    assertArrayEquals(new String[] {"2", "multi\nline", "z"}, rows.get(1));
    assertArrayEquals(new String[] {"3", null, ""}, rows.get(2));
    assertEquals(List.of(2L, 4L, 6L), lines, "each record's first line");
    RecordReader.MalformedRecordException e = assertThrows(RecordReader.MalformedRecordException.class,
        () -> read(new CsvRecordReader(), "a\n\"open", List.of(), new ArrayList<>()));
    assertEquals(2, e.line());
  }

  @Test
  void arffDeclaresTypesAndNominalValues() throws IOException {
    String arff = "% comment\n@relation r\n@attribute 'x y' numeric\n@attribute c {a, 'b c'}\n@attribute s string\n"
        + "@data\n1.5,'b c','it''s'\n?,a,\"q\"\n";
    List<SourceHeader> headers = new ArrayList<>();
    List<String[]> rows = new ArrayList<>();
    new ArffRecordReader().read(new StringReader(arff), List.of(), headers::add, (l, v) -> rows.add(v));
    assertEquals(List.of("x y", "c", "s"), headers.get(0).columns());
    assertEquals(Map.of("x y", DataType.NUMERIC, "c", DataType.CATEGORICAL, "s", DataType.TEXT),
        headers.get(0).declaredTypes());
    assertEquals(List.of("a", "b c"), headers.get(0).nominalValues().get("c"));
    assertEquals("b c", rows.get(0)[1]);
    assertEquals(null, rows.get(1)[0]);
    RecordReader.MalformedRecordException e = assertThrows(RecordReader.MalformedRecordException.class,
        () -> new ArffRecordReader().read(new StringReader("@attribute x numeric\n@data\n{0 1}\n"), List.of(), h -> { },
            (l, v) -> { }));
    assertTrue(e.getMessage().contains("sparse ARFF records are not supported yet"));
  }

  @Test
  void jsonLinesReadsWantedFieldsAndArrays() throws IOException {
    List<Long> lines = new ArrayList<>();
    List<String[]> rows = read(new JsonLinesRecordReader(), "{\"a\":1,\"b\":\"x\",\"c\":true}\n\n{\"b\":null,\"a\":2.5}\n",
        List.of("a", "b"), lines);
    assertArrayEquals(new String[] {"1", "x"}, rows.get(0));
    assertArrayEquals(new String[] {"2.5", null}, rows.get(1));
    assertEquals(List.of(1L, 3L), lines);
    assertEquals(2, read(new JsonLinesRecordReader(), "[{\"a\":1},{\"a\":2}]", List.of("a"), new ArrayList<>()).size());
    RecordReader.MalformedRecordException e = assertThrows(RecordReader.MalformedRecordException.class,
        () -> read(new JsonLinesRecordReader(), "{\"a\":1}\n{oops\n", List.of("a"), new ArrayList<>()));
    assertEquals(2, e.line());
  }

  @Test
  void loaderInfersTypesFingerprintsGzipAndFiltersByDate(@TempDir Path dir) throws Exception {
    String csv = "day,amount,flag,segment,label\n2026-10-20,10,yes,a,good\n2025-01-01,20,no,b,bad\n2026-09-01,30,yes,a,bad\n";
    Path gz = dir.resolve("d.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(csv.getBytes(StandardCharsets.UTF_8));
    }
    DataSource src = new DataSource("d", DataFormat.CSV, "d.csv.gz", new DataSchema(List.of("amount", "flag", "segment",
        "day"), List.of("label"), Map.of()), Map.of("date_range", "last_6_months"), null, null);
    DatasetLoader.Loaded loaded = new DatasetLoader(dir, CLOCK, InvalidRowPolicy.FAIL).load(List.of(src),
        List.of("amount", "flag", "segment", "day", "label"), Set.of("label"), Map.of(), "day");
    assertEquals(2, loaded.table().size());
    assertEquals(1, loaded.filteredRows());
    assertEquals(DataType.NUMERIC, loaded.table().type("amount"));
    assertEquals(DataType.BOOLEAN, loaded.table().type("flag"));
    assertEquals(DataType.CATEGORICAL, loaded.table().type("segment"));
    assertEquals(DataType.DATETIME, loaded.table().type("day"));
    String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(gz)));
    assertEquals(sha, loaded.fingerprints().get("d"), "the fingerprint covers the file's bytes");
    assertEquals(dir.resolve("d.csv.gz") + " line 4", loaded.table().where(1));

    DataSource kept = new DataSource("d", DataFormat.CSV, "d.csv.gz", src.schema(), Map.of("segment", "b"), null, null);
    assertEquals(1, new DatasetLoader(dir, CLOCK, InvalidRowPolicy.FAIL).load(List.of(kept),
        List.of("amount", "flag", "segment", "day", "label"), Set.of("label"), Map.of(), "day").table().size());
    DataSource none = new DataSource("d", DataFormat.CSV, "d.csv.gz", src.schema(), Map.of("date_range",
        "2020-01-01..2020-12-31"), null, null);
    DatasetException e = assertThrows(DatasetException.class, () -> new DatasetLoader(dir, CLOCK, InvalidRowPolicy.FAIL)
        .load(List.of(none), List.of("amount", "flag", "segment", "day", "label"), Set.of("label"), Map.of(), "day"));
    assertTrue(e.getMessage().contains("3 rows were removed by the source filters"), e.getMessage());
  }

  @Test
  void filterSyntaxIsChecked() {
    assertEquals(List.of(), RowFilter.check("f", Map.of("date_range", "last_2_years"), "day"));
    assertEquals("f.date_range", RowFilter.check("f", Map.of("date_range", "lately"), "day").get(0).path());
    assertTrue(RowFilter.check("f", Map.of("date_range", "last_2_years"), null).get(0).message().contains("timeField"));
  }
}
