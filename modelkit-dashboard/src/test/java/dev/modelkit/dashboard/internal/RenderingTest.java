package dev.modelkit.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Escaping, the passage filter, the JSON of live messages, forms and charts. */
class RenderingTest {

  @Test
  void escapesEveryCharacterThatCouldOpenMarkupOrLeaveAnAttribute() {
    assertEquals("&lt;img src=x onerror=&quot;a()&quot;&gt; &amp; &#39;q&#39;", Html.esc("<img src=x onerror=\"a()\"> & 'q'"));
    assertEquals("", Html.esc(null));
  }

  @Test
  void passagesKeepOnlyTheHighlightTags() {
    assertEquals("a <em>credit</em> &amp; b", KnowledgeSection.passage("a <em>credit</em> &amp; b"));
    assertEquals("x &lt;script&gt;alert(1)&lt;/script&gt; <em>y</em>",
        KnowledgeSection.passage("x <script>alert(1)</script> <em>y</em>"));
  }

  @Test
  void liveMessagesAreOneLineOfJsonWithoutAClosingScriptTag() {
    String s = Json.string("a\n\"b\"\\</script>\u2028");
    assertEquals("\"a\\n\\\"b\\\"\\\\\\u003c/script>\\u2028\"", s);
    assertTrue(s.indexOf('\n') < 0);
  }

  @Test
  void parsesUrlEncodedAndMultipartForms() throws Exception {
    Form f = Form.read("application/x-www-form-urlencoded",
        new ByteArrayInputStream("csrf=t%2Bk&name=A+B%3C".getBytes(StandardCharsets.UTF_8)));
    assertEquals("t+k", f.get("csrf"));
    assertEquals("A B<", f.get("name"));
    String body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"policy.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\nline one\r\nline two\r\n--XyZ--\r\n";
    Form m = Form.read("multipart/form-data; boundary=XyZ", new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    assertEquals("tok", m.get("csrf"));
    assertEquals(1, m.uploads().size());
    assertEquals("policy.txt", m.uploads().get(0).name());
    assertArrayEquals("line one\r\nline two".getBytes(StandardCharsets.UTF_8), m.uploads().get(0).content());
    assertThrows(BadRequest.class, () -> Form.read("multipart/form-data", new ByteArrayInputStream(new byte[0])));
    assertThrows(BadRequest.class, () -> Form.query("a=%zz"));
  }

  @Test
  void aSampleRatioMismatchIsAWarningNotAFootnote() {
    String bad = ExperimentsSection.srm(new dev.modelkit.experiment.SampleRatioCheck(List.of("control", "treatment"),
        List.of(5200L, 4800L), List.of(5000.0, 5000.0), 16.0, 1, 0.00006, 0.005, true));
    assertTrue(bad.contains("class=\"warn\"") && bad.contains("Sample ratio mismatch") && bad.contains("[5200, 4800]"), bad);
    String fine = ExperimentsSection.srm(new dev.modelkit.experiment.SampleRatioCheck(List.of("control", "treatment"),
        List.of(5010L, 4990L), List.of(5000.0, 5000.0), 0.04, 1, 0.84, 0.005, false));
    assertTrue(fine.contains("as planned") && !fine.contains("warn"), fine);
  }

  @Test
  void chartsDrawEveryFinitePointAndEscapeLabels() {
    String svg = Svg.lineChart("c", "Loss <b>", "epoch", List.of(new Svg.Series("loss<x>", new double[] {1, 2, 3},
        new double[] {0.9, Double.NaN, 0.5})));
    assertTrue(svg.contains("data-points=\"2\""));
    assertTrue(svg.contains("Loss &lt;b&gt;") && svg.contains("loss&lt;x&gt;"));
    assertTrue(Svg.lineChart("e", "Empty", "x", List.of()).contains("no points yet"));
  }
}
