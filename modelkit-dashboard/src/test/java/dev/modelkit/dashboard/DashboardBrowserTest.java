package dev.modelkit.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.deploy.CanaryStage;
import dev.modelkit.deploy.DeploymentStatus;
import dev.modelkit.deploy.RolloutStrategy;
import dev.modelkit.deploy.RolloutType;
import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingConfiguration;
import dev.modelkit.training.TrainingJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * against a real ModelKit: every page loads without console errors and receives live updates, a
 * training curve advances while the test watches, cancel and roll back take effect, a user without
 * the permission cannot use them, markup in names stays text, and another organisation's objects
 * are not found. Screenshots go to {@code target/screenshots}.
 *
 * <p>Without {@code /usr/bin/chromium} the tests are skipped with a message, unless {@code
 * -Dmodelkit.browser.required=true} or {@code CI=true}, which turn the skip into a failure.
 */
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("modelkit.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("modelkit.chromedriver", "/usr/bin/chromedriver"));
  private static final Path SHOTS = Path.of(System.getProperty("modelkit.dashboard.screenshots", "target/screenshots"));
  private static ChromeDriver driver;
  private static Path profile;
  private static Fixture f;

  @BeforeAll
  static void browser() throws Exception {
    boolean required = Boolean.getBoolean("modelkit.browser.required") || "true".equalsIgnoreCase(System.getenv("CI"));
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String msg = "Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + ". Install them with "
          + "'apt-get install -y chromium chromium-driver' (Debian/Ubuntu).";
      if (required) {
        fail(msg + " They are required here (modelkit.browser.required=true or CI=true).");
      }
      System.err.println("************************************************************");
      System.err.println("SKIPPING the dashboard's browser tests. " + msg);
      System.err.println("************************************************************");
      Assumptions.abort(msg);
    }
    f = Fixture.get();
    Files.createDirectories(SHOTS);
    profile = Files.createTempDirectory("modelkit-chromium-profile");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,1000", "--user-data-dir=" + profile.toAbsolutePath());
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void quit() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void everyPageLoadsWithoutConsoleErrorsAndUpdatesLive() throws Exception {
    as("ada");
    Map<String, String> pages = new java.util.LinkedHashMap<>();
    pages.put("training", "/training");
    pages.put("training-job", "/training/" + f.service("ada").jobs().list(null, 0, 1).get(0).id());
    pages.put("knowledge", "/knowledge");
    pages.put("knowledge-base", "/knowledge/" + f.knowledgeBase + "?q=checking+balance+review");
    pages.put("performance", "/performance");
    pages.put("experiments", "/experiments");
    pages.put("experiment", "/experiments/" + f.experiment);
    pages.put("deployments", "/deployments");
    pages.put("deployment", "/deployments/" + f.canaryDeployment);
    pages.put("resources", "/resources");
    for (Map.Entry<String, String> p : pages.entrySet()) {
      open(p.getValue());
      waitFor("a live update of " + p.getValue(), () -> liveUpdates() >= 1);
      List<String> errors = consoleErrors();
      assertTrue(errors.isEmpty(), p.getValue() + " logged console errors: " + errors);
      assertNull(script("return window.__pwned === undefined ? null : String(window.__pwned)"), "no injected script ran");
      screenshot(p.getKey());
    }
  }

  @Test
  void theCurveAdvancesWhileWatchedAndCancelStopsTheJobButNotForAReader() throws Exception {
    CustomModelTrainingService dana = f.service("dana");
    TrainingJob job = dana.createTrainingJob(Fixture.config(Fixture.ORG, 4000, 5));
    dana.startTraining(job.id());
    try {
      as("bob");
      open("/training/" + job.id());
      assertTrue(disabled("form[action$='/cancel'] button"), "a business user's cancel button is disabled");
      forceSubmit("form[action$='/cancel'] button");
      assertTrue(driver.getTitle().startsWith("403"), driver.getTitle());
      assertTrue(driver.getPageSource().contains("lacks permission"));
      assertFalse(dana.jobs().get(job.id()).state().isTerminal(), "the forged request changed nothing");
      consoleErrors(); // the 403 is logged by the browser on purpose

      as("dana");
      open("/training/" + job.id());
      script("window.__samePage = 'yes'");
      waitFor("the first points of the curve", () -> curvePoints() >= 3);
      int first = curvePoints();
      String firstPath = attribute("#loss-chart path.series[data-series='loss']", "d");
      waitFor("the curve to advance", () -> curvePoints() >= first + 5);
      assertEquals("yes", script("return window.__samePage"), "advanced by live updates, not by reloading");
      String laterPath = attribute("#loss-chart path.series[data-series='loss']", "d");
      // counted in path vertices, not characters: the curve now starts with the job's history, and
      // rescaling many earlier vertices to a wider x range can shorten their text
      assertTrue(vertices(laterPath) > vertices(firstPath), "the loss line got longer: " + vertices(firstPath)
          + " then " + vertices(laterPath) + " vertices");
      screenshot("training-live-curve");

      click("form[action$='/cancel'] button");
      waitFor("the cancel notice", () -> driver.getPageSource().contains("Cancel requested"));
      TrainingJob done = dana.jobs().await(job.id(), Duration.ofSeconds(60));
      assertEquals(JobState.CANCELLED, done.state(), done.reason());
      waitFor("the page to show the job cancelled", () -> text("#live").toLowerCase(java.util.Locale.ROOT).contains("cancelled"));
      assertTrue(consoleErrors().isEmpty());
      screenshot("training-cancelled");
    } finally {
      if (!dana.jobs().get(job.id()).state().isTerminal()) {
        dana.jobs().cancel(job.id(), "test cleanup");
      }
    }
  }

  @Test
  void rollBackFromTheBrowserTakesEffectButNotForAReader() throws Exception {
    CustomModelTrainingService eric = f.service("eric");
    String canary = f.canaryDeployment;
    waitFor("the canary to roll out", () -> eric.deployments().get(canary).status() == DeploymentStatus.ROLLING_OUT);

    as("bob");
    open("/deployments/" + canary);
    assertTrue(disabled("form[action$='/rollback'] button"));
    forceSubmit("form[action$='/rollback'] button");
    assertTrue(driver.getTitle().startsWith("403"), driver.getTitle());
    assertEquals(DeploymentStatus.ROLLING_OUT, eric.deployments().get(canary).status());
    consoleErrors();

    as("eric");
    open("/deployments/" + canary);
    click("form[action$='/rollback'] button");
    waitFor("the page to show the rollback", () -> text("#deployment-status").contains("rolled_back"));
    assertEquals(DeploymentStatus.ROLLED_BACK, eric.deployments().get(canary).status());
    assertEquals(0, count("form[action$='/rollback'] button"), "a rolled back deployment offers no action");
    assertTrue(consoleErrors().isEmpty());
    screenshot("deployment-rolled-back");
  }

  @Test
  void pauseResumeAndPromoteFromTheBrowserTakeEffectButNotForAReader() throws Exception {
    // a model of its own, so the shared fixture's deployments stay as the other tests expect
    CustomModelTrainingService dana = f.service("dana");
    CustomModelTrainingService eric = f.service("eric");
    TrainingConfiguration drill = Fixture.config(Fixture.ORG, 2, 11).toBuilder().modelName("Promotion drill").build();
    TrainingJob first = Fixture.trainAndWait(dana, drill);
    TrainingJob second = Fixture.trainAndWait(dana, drill.toBuilder().hyperparameters(
        drill.hyperparameters().toBuilder().seed(12L).build()).build());
    eric.deployModel(first.modelId(), first.modelVersion(), Fixture.target());
    String canary = eric.deployModel(first.modelId(), second.modelVersion(), Fixture.target(),
        new RolloutStrategy(RolloutType.CANARY, 10.0, 3600.0,
            List.of(new CanaryStage(10, 3600, List.of()), new CanaryStage(100, 0, List.of())), null, null)).id();
    waitFor("the drill canary to roll out", () -> eric.deployments().get(canary).status() == DeploymentStatus.ROLLING_OUT);

    as("bob");
    open("/deployments/" + canary);
    for (String action : List.of("promote", "pause", "rollback")) {
      assertTrue(disabled("form[action$='/" + action + "'] button"), action + " is disabled for a reader");
    }
    forceSubmit("form[action$='/pause'] button");
    assertTrue(driver.getTitle().startsWith("403"), driver.getTitle());
    open("/deployments/" + canary);
    forceSubmit("form[action$='/promote'] button");
    assertTrue(driver.getTitle().startsWith("403"), driver.getTitle());
    assertEquals(DeploymentStatus.ROLLING_OUT, eric.deployments().get(canary).status());
    consoleErrors();

    as("eric");
    open("/deployments/" + canary);
    click("form[action$='/pause'] button");
    waitFor("the page to show the pause", () -> text("#deployment-status").contains("paused"));
    assertEquals(DeploymentStatus.PAUSED, eric.deployments().get(canary).status());
    screenshot("deployment-paused");

    click("form[action$='/resume'] button");
    waitFor("the page to show the resume", () -> text("#deployment-status").contains("rolling_out"));
    assertEquals(DeploymentStatus.ROLLING_OUT, eric.deployments().get(canary).status());

    click("form[action$='/promote'] button");
    waitFor("the page to show the promotion", () -> text("#deployment-status").contains("live"));
    assertEquals(DeploymentStatus.LIVE, eric.deployments().get(canary).status());
    assertEquals(second.modelVersion(), eric.deployments().get(canary).version());
    assertEquals(0, count("form[action$='/promote'] button") + count("form[action$='/pause'] button"),
        "a live deployment offers no promote or pause");
    assertEquals(1, count("form[action$='/rollback'] button"), "it can still go back to the previous version");
    assertTrue(consoleErrors().isEmpty());
    screenshot("deployment-promoted");
  }

  @Test
  void markupInNamesIsShownAsText() throws Exception {
    as("ada");
    open("/experiments/" + f.experiment);
    assertEquals(Fixture.EVIL + " scorecard test", text("#experiment-name"));
    assertEquals(Fixture.EVIL + " scorecard test", text("h1").replaceFirst("^Experiment ", ""));
    open("/knowledge/" + f.knowledgeBase);
    Object titles = script("return Array.from(document.querySelectorAll('#documents td.doc-title')).map(t => t.textContent);");
    assertTrue(((List<?>) titles).contains(Fixture.EVIL), titles.toString());
    assertEquals(0L, script("return document.querySelectorAll('#documents img, #live script').length;"),
        "no element was made from the title");
    Thread.sleep(500); // give an injected script every chance to run
    assertNull(script("return window.__pwned === undefined ? null : String(window.__pwned)"));
    screenshot("escaped-names");
  }

  @Test
  void uploadAndSearchWithCitations() throws Exception {
    as("dana");
    open("/knowledge/" + f.knowledgeBase);
    Path doc = Files.createTempFile("collateral-policy", ".txt");
    Files.writeString(doc, "Collateral policy\n\nA mortgage loan requires a property valuation not older than twelve months. "
        + "Guarantors must provide proof of income.", StandardCharsets.UTF_8);
    Path broken = Files.createTempFile("scanned-contract", ".pdf");
    Files.write(broken, "%PDF-1.7 this is not really a PDF".getBytes(StandardCharsets.US_ASCII));
    driver.findElement(By.cssSelector("#upload input[type=file]")).sendKeys(doc.toAbsolutePath() + "\n" + broken.toAbsolutePath());
    driver.findElement(By.cssSelector("#upload button")).click();
    waitFor("the upload report", () -> driver.getPageSource().contains("Stored 1 document"));
    assertTrue(text("#ingest-failures").contains(broken.getFileName().toString()),
        "the refused file is reported with its reason: " + text("#ingest-failures"));
    driver.findElement(By.cssSelector("#search input[name=q]")).sendKeys("property valuation");
    driver.findElement(By.cssSelector("#search button")).click();
    waitFor("search hits", () -> !driver.findElements(By.cssSelector("#hits cite")).isEmpty());
    String cite = driver.findElement(By.cssSelector("#hits li cite")).getText();
    assertTrue(cite.contains(doc.getFileName().toString()), cite);
    assertFalse(driver.findElements(By.cssSelector("#hits em")).isEmpty(), "query terms are highlighted");
    assertTrue(consoleErrors().isEmpty());
    screenshot("knowledge-search");
  }

  @Test
  void anotherOrganisationsObjectsAreNotFoundInTheBrowser() throws Exception {
    as("mallory");
    for (String path : List.of("/experiments/" + f.experiment, "/deployments/" + f.liveDeployment, "/knowledge/" + f.knowledgeBase)) {
      open(path);
      assertTrue(driver.getTitle().startsWith("404"), path + " -> " + driver.getTitle());
      assertFalse(driver.getPageSource().contains("scorecard"), "nothing of the other organisation is shown");
    }
    consoleErrors();
    open("/experiments");
    assertFalse(driver.getPageSource().contains("scorecard"));
    screenshot("other-organisation");
  }

  private static void as(String user) {
    driver.get(f.dashboard.uri().resolve("/assets/icon.svg").toString());
    driver.manage().deleteAllCookies();
    driver.manage().addCookie(new Cookie("mk-user", user));
  }

  private static void open(String path) {
    driver.get(f.dashboard.uri().resolve(path).toString());
  }

  private static Object script(String js) {
    return ((JavascriptExecutor) driver).executeScript(js);
  }

  /** Submits a disabled button's form anyway, as a hand-crafted request would. */
  private static void forceSubmit(String buttonCss) {
    script("var b = document.querySelector(\"" + buttonCss + "\"); b.disabled = false; b.click();");
    waitFor("the response page", () -> driver.getTitle().matches("\\d{3} .*"));
  }

  private static int liveUpdates() {
    Object v = script("var l = document.getElementById('live'); return l ? l.getAttribute('data-updates') : '-1';");
    return v == null ? 0 : Integer.parseInt(v.toString());
  }

  private static int vertices(String svgPath) {
    int n = 0;
    for (int i = 0; i < svgPath.length(); i++) {
      char c = svgPath.charAt(i);
      n += c == 'M' || c == 'L' ? 1 : 0;
    }
    return n;
  }

  private static int curvePoints() {
    Object v = script("var e = document.getElementById('curve-points'); return e ? e.getAttribute('data-count') : '0';");
    return Integer.parseInt(String.valueOf(v));
  }

  // the live region is replaced under the test's feet, so elements are looked up and used in one script

  private static String text(String css) {
    Object v = script("var e = document.querySelector(\"" + css + "\"); return e ? e.textContent : '';");
    return v == null ? "" : v.toString();
  }

  private static String attribute(String css, String name) {
    Object v = script("var e = document.querySelector(\"" + css + "\"); return e ? e.getAttribute('" + name + "') : '';");
    return v == null ? "" : v.toString();
  }

  private static boolean disabled(String css) {
    return Boolean.TRUE.equals(script("return document.querySelector(\"" + css + "\").disabled;"));
  }

  private static int count(String css) {
    return Integer.parseInt(String.valueOf(script("return document.querySelectorAll(\"" + css + "\").length;")));
  }

  private static void click(String css) {
    script("document.querySelector(\"" + css + "\").click();");
  }

  private static List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(e.getMessage());
      }
    }
    return errors;
  }

  private static void screenshot(String name) throws Exception {
    Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage("waiting for " + what)
        .until(d -> condition.getAsBoolean());
  }
}
