package dev.modelkit.tck;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Renders an HTML file in headless Chromium (Debian's {@code chromium} package) for tests that must
 * show a report really displays: a screenshot to check for content, and the DOM after rendering to
 * check for elements. No Selenium: one process per render, with a timeout, a fresh profile and
 * networking switched off as far as command-line switches allow.
 *
 * <p>When the browser is missing, {@link #orSkip()} skips the test with a message saying how to
 * install it, unless the system property {@code modelkit.browser.required=true} or the environment
 * variable {@code CI=true} is set, in which case the test fails: CI must not pass by skipping.
 */
public final class HeadlessChromium {
  /** Where Debian installs the browser; the system property {@code modelkit.browser} overrides it. */
  public static final Path DEFAULT_BINARY = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 120;

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /**
   * A rendered page.
   *
   * @param screenshot the screenshot
   * @param dom the DOM serialised after rendering
   */
  public record Rendered(BufferedImage screenshot, String dom) {}

  /**
   * @return the browser; when it is absent, skips the calling test (or fails it when a browser is
   *     required)
   * @throws AssertionError when the browser is absent and required
   */
  public static HeadlessChromium orSkip() {
    Path bin = Path.of(System.getProperty("modelkit.browser", DEFAULT_BINARY.toString()));
    if (Files.isExecutable(bin)) {
      return new HeadlessChromium(bin);
    }
    String how = "Headless Chromium was not found at " + bin + ". Install it with 'sudo apt-get install chromium' "
        + "(Debian/Ubuntu) or point -Dmodelkit.browser=/path/to/chromium at one.";
    if (required()) {
      throw new AssertionError(how + " A browser is required here (modelkit.browser.required=true or CI=true).");
    }
    System.err.println("\n*** SKIPPING BROWSER RENDERING TEST *** " + how + "\n");
    Assumptions.assumeTrue(false, how);
    throw new IllegalStateException("unreachable");
  }

  /** @return whether a missing browser fails tests instead of skipping them */
  public static boolean required() {
    return Boolean.getBoolean("modelkit.browser.required")
        || "true".equalsIgnoreCase(System.getenv().getOrDefault("CI", ""));
  }

  /**
   * @param html the page
   * @param workDir a scratch directory for the profile and the screenshot
   * @param width window width in pixels
   * @param height window height in pixels
   * @return the screenshot and the rendered DOM
   * @throws IOException if the browser cannot be run
   * @throws AssertionError if the browser fails, times out or writes no screenshot
   */
  public Rendered render(Path html, Path workDir, int width, int height) throws IOException {
    String url = html.toAbsolutePath().toUri().toString();
    Path png = workDir.resolve("screenshot.png");
    run(workDir.resolve("profile-shot"), List.of("--screenshot=" + png, "--window-size=" + width + "," + height, url),
        workDir.resolve("screenshot.log"));
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      throw new AssertionError("Chromium wrote no screenshot for " + url + "; its output: "
          + Files.readString(workDir.resolve("screenshot.log"), StandardCharsets.UTF_8));
    }
    BufferedImage image = ImageIO.read(png.toFile());
    Path dom = workDir.resolve("dom.html");
    run(workDir.resolve("profile-dom"), List.of("--dump-dom", url), dom);
    return new Rendered(image, Files.readString(dom, StandardCharsets.UTF_8));
  }

  private void run(Path profile, List<String> args, Path output) throws IOException {
    Files.createDirectories(profile);
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectOutput(output.toFile())
        .redirectError(output.resolveSibling(output.getFileName() + ".err").toFile()).start();
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + cmd);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for Chromium", e);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("Chromium exited with " + p.exitValue() + ": " + cmd + "\n"
          + Files.readString(output.resolveSibling(output.getFileName() + ".err"), StandardCharsets.UTF_8));
    }
  }

  /**
   * The variance of the pixels' luminance (0 to 255 scale): a blank page gives 0.
   *
   * @param image a screenshot
   * @return the variance
   */
  public static double luminanceVariance(BufferedImage image) {
    double sum = 0;
    double sq = 0;
    long n = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y);
        double l = 0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff);
        sum += l;
        sq += l * l;
        n++;
      }
    }
    double mean = sum / n;
    return sq / n - mean * mean;
  }

  /**
   * @param image a screenshot
   * @return how many distinct colours it holds (sampled on every other pixel), a sign of charts
   */
  public static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y) & 0xffffff);
      }
    }
    return colours.size();
  }

  @Override
  public String toString() {
    return "HeadlessChromium(" + binary + ")";
  }
}
