package dev.modelkit.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.deploy.DeploymentStatus;
import dev.modelkit.security.Principal;
import dev.modelkit.training.JobState;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard over plain HTTP: authentication, escaping, organisation isolation, CSRF and live updates. */
class DashboardHttpTest {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static Fixture f;
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void fixture() throws Exception {
    f = Fixture.get();
  }

  static HttpResponse<String> get(String user, String path) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(f.dashboard.uri().resolve(path)).timeout(Duration.ofSeconds(30));
    if (user != null) {
      b.header("Cookie", "mk-user=" + user);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String user, String path, String body, String origin) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(f.dashboard.uri().resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Cookie", "mk-user=" + user).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String csrf(String user) throws Exception {
    Matcher m = CSRF.matcher(get(user, "/resources").body());
    assertTrue(m.find(), "every page carries the CSRF token in its forms");
    return m.group(1);
  }

  @Test
  void aRequestWithoutAPrincipalIsRefused() throws Exception {
    HttpResponse<String> r = get(null, "/training");
    assertEquals(401, r.statusCode());
    assertFalse(r.body().contains(f.modelId), "no data before authentication");
  }

  @Test
  void theLocalAuthenticatorAcceptsLoopbackPeersOnly() {
    Principal me = Principal.of("me", "acme", "administrator");
    DashboardAuthenticator local = DashboardAuthenticator.localUser(me);
    assertEquals(me, local.authenticate(new DashboardRequest(new InetSocketAddress("127.0.0.1", 5000), Map.of())));
    assertNull(local.authenticate(new DashboardRequest(new InetSocketAddress("192.0.2.7", 5000), Map.of())));
  }

  @Test
  void everyPageRendersForEveryRoleWithSecurityHeaders() throws Exception {
    for (String user : List.of("dana", "eric", "bob", "ada")) {
      for (String path : List.of("/training", "/knowledge", "/knowledge/" + f.knowledgeBase, "/performance",
          "/experiments", "/experiments/" + f.experiment, "/deployments", "/deployments/" + f.canaryDeployment,
          "/resources")) {
        HttpResponse<String> r = get(user, path);
        assertEquals(200, r.statusCode(), user + " " + path + ": " + r.body());
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
      }
    }
  }

  @Test
  void namesCarryingMarkupAreShownAsText() throws Exception {
    for (String path : List.of("/experiments", "/experiments/" + f.experiment, "/knowledge/" + f.knowledgeBase)) {
      String body = get("ada", path).body();
      assertFalse(body.contains("<script>window.__pwned"), path + " must not contain the raw script");
      assertFalse(body.contains("<img src=x"), path + " must not contain the raw image tag");
      assertTrue(body.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"), path + " shows the name escaped");
    }
  }

  @Test
  void anotherOrganisationsObjectsAreNotFound() throws Exception {
    TrainingJobsHelper jobs = new TrainingJobsHelper(f);
    for (String path : List.of("/experiments/" + f.experiment, "/deployments/" + f.liveDeployment,
        "/knowledge/" + f.knowledgeBase, "/training/" + jobs.anyJobOf("dana"))) {
      HttpResponse<String> r = get("mallory", path);
      assertEquals(404, r.statusCode(), path);
      assertFalse(r.body().contains("__pwned"), "no name of the other organisation's object");
      assertFalse(r.body().contains("Credit policies"));
    }
    HttpResponse<String> own = get("dana", "/experiments/" + f.otherOrgExperiment);
    assertEquals(404, own.statusCode());
    assertFalse(own.body().contains("globex secret test"));
    assertFalse(get("mallory", "/experiments").body().contains("pwned"), "listings hold only the caller's organisation");
    // the live stream refuses the same way
    assertEquals(404, get("mallory", "/events?path=" + java.net.URLEncoder.encode("/deployments/" + f.liveDeployment,
        StandardCharsets.UTF_8)).statusCode());
  }

  @Test
  void stateChangesNeedTheTokenTheSameOriginAndThePermission() throws Exception {
    String path = "/deployments/" + f.liveDeployment + "/pause";
    assertEquals(403, post("eric", path, "", null).statusCode(), "no CSRF token");
    assertEquals(403, post("eric", path, "csrf=" + csrf("bob"), null).statusCode(), "another user's token");
    assertEquals(403, post("eric", path, "csrf=" + csrf("eric"), "http://evil.example").statusCode(), "cross-site form");
    HttpResponse<String> denied = post("bob", path, "csrf=" + csrf("bob"), null);
    assertEquals(403, denied.statusCode(), "a business user may not pause a deployment: " + denied.body());
    assertTrue(denied.body().contains("lacks permission"));
    assertEquals(DeploymentStatus.LIVE, f.service("eric").deployments().get(f.liveDeployment).status());
    assertEquals(405, HTTP.send(HttpRequest.newBuilder(f.dashboard.uri().resolve("/training")).header("Cookie", "mk-user=ada")
        .method("DELETE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void buttonsTheCallerMayNotUseAreDisabled() throws Exception {
    String asBob = get("bob", "/experiments").body();
    assertTrue(asBob.contains("disabled title=\"needs permission 'experiment'\""), asBob);
    String asDana = get("dana", "/experiments").body();
    assertFalse(asDana.contains("needs permission 'experiment'"));
  }

  @Test
  void liveViewersReceiveTheRegionOverServerSentEvents() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(f.dashboard.uri().resolve("/events?path=%2Fresources"))
        .header("Cookie", "mk-user=ada").build();
    long t0 = System.nanoTime();
    HttpResponse<InputStream> r = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      String line;
      String data = null;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("data: ")) {
          data = line;
          break;
        }
      }
      assertNotNull(data);
      assertTrue(data.contains("pool-chart"), data);
      assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
    }
  }

  /** Finds a job id of the fixture's organisation. */
  record TrainingJobsHelper(Fixture f) {
    String anyJobOf(String user) {
      return f.service(user).jobs().list(null, 0, 1).get(0).id();
    }
  }

  /**
   * A job that finished before the dashboard started shows its whole curve: the points come from
   * {@code jobs().history}, one per epoch or fold event with metrics.
   */
  @Test
  void aFinishedJobShowsItsWholeCurveFromItsHistory() throws Exception {
    String jobId = f.service("dana").jobs().list(JobState.SUCCEEDED, 0, 1).get(0).id();
    long expected = f.service("bob").jobs().history(jobId).stream()
        .filter(e -> e.epoch() > 0 && !e.metrics().isEmpty()).count();
    assertTrue(expected >= 8, "the fixture's job trained 8 epochs per fold: " + expected);
    Matcher m = Pattern.compile("id=\"curve-points\" data-count=\"(\\d+)\"")
        .matcher(get("bob", "/training/" + jobId).body());
    assertTrue(m.find(), "the detail page shows the curve");
    assertEquals(expected, Long.parseLong(m.group(1)));
  }

  @Test
  void performanceShowsAccuracyLatencyDriftPerFeatureForTheChosenPeriod() throws Exception {
    String body = get("bob", "/performance?model=" + f.modelId + "&period=24h").body();
    assertTrue(body.contains("200 labelled"), "outcomes joined to the 200 served predictions");
    assertTrue(body.contains("Latency p99"));
    assertTrue(body.contains("id=\"drift\"") && body.contains("<td>credit_amount</td>"), "a drift row per feature");
    String lastHour = get("bob", "/performance?model=" + f.modelId + "&period=1h").body();
    assertTrue(lastHour.contains("200 predictions"));
    assertTrue(get("bob", "/performance?model=no-such-model").body().contains("id=\"no-data\""));
  }

  @Test
  void anAdministratorSetsTheBudgetAndAReaderCannot() throws Exception {
    HttpResponse<String> ok = post("ada", "/resources/budget", "csrf=" + csrf("ada") + "&amount=1234.5", null);
    assertEquals(303, ok.statusCode(), ok.body());
    assertEquals(1234.5, f.service("ada").resources().costs().budget());
    assertTrue(get("ada", ok.headers().firstValue("Location").orElseThrow()).body().contains("Budget set to 1234.50"));
    assertEquals(403, post("bob", "/resources/budget", "csrf=" + csrf("bob") + "&amount=1", null).statusCode());
    assertEquals(400, post("ada", "/resources/budget", "csrf=" + csrf("ada") + "&amount=lots", null).statusCode());
    assertEquals(1234.5, f.service("ada").resources().costs().budget());
  }

  @Test
  void theJobListFiltersByState() throws Exception {
    String succeeded = get("bob", "/training?state=succeeded").body();
    assertTrue(succeeded.contains("SUCCEEDED") && !succeeded.contains(">RUNNING<"));
    assertEquals(400, get("bob", "/training?state=sleeping").statusCode());
  }

  @Test
  void theJobListShowsTheNewestPageNewestFirst() throws Exception {
    // in the other organisation, so the shared fixture's own list stays as the other tests expect
    dev.modelkit.CustomModelTrainingService m = f.kit.service(
        dev.modelkit.security.Principal.of("mallory", Fixture.OTHER_ORG, dev.modelkit.security.Roles.ADMINISTRATOR));
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 205; i++) {
      ids.add(m.createTrainingJob(Fixture.config(Fixture.OTHER_ORG, 7, 1)).id());
    }
    String page = get("mallory", "/training").body();
    Matcher rows = Pattern.compile("<tr data-job=\"([^\"]+)\"").matcher(page);
    List<String> shown = new java.util.ArrayList<>();
    while (rows.find()) {
      shown.add(rows.group(1));
    }
    // jobs created in the same millisecond are ordered by id: the list's own order says which are newest
    List<String> ordered = m.jobs().list(null, 0, 1000).stream().map(dev.modelkit.training.TrainingJob::id).toList();
    assertTrue(ordered.containsAll(ids) && ordered.size() >= 205);
    List<String> newest = new java.util.ArrayList<>(ordered.subList(ordered.size() - 200, ordered.size()));
    java.util.Collections.reverse(newest);
    assertEquals(newest, shown, "the 200 newest jobs, newest first; the older ones are not shown");
  }

  @Test
  void anExperimentIsCreatedStartedAndStoppedThroughTheFormsButNotByAReader() throws Exception {
    String form = "csrf=" + csrf("dana") + "&name=" + enc("<b>form test</b>") + "&hypothesis=" + enc("v2 is better")
        + "&controlModel=" + enc(f.modelId) + "&controlVersion=" + f.v1 + "&treatmentModel=" + enc(f.modelId)
        + "&treatmentVersion=" + f.v2 + "&allocation=50&metric=good_loan&metricKind=binary&direction=increase";
    assertEquals(403, post("bob", "/experiments", form.replace(csrf("dana"), csrf("bob")), null).statusCode());
    HttpResponse<String> created = post("dana", "/experiments", form, null);
    assertEquals(303, created.statusCode(), created.body());
    String location = created.headers().firstValue("Location").orElseThrow();
    String id = location.substring("/experiments/".length(), location.indexOf('?'));
    String page = get("dana", location).body();
    assertTrue(page.contains("&lt;b&gt;form test&lt;/b&gt;") && page.contains("draft"), page);
    assertEquals(303, post("dana", "/experiments/" + id + "/start", "csrf=" + csrf("dana"), null).statusCode());
    assertEquals(403, post("bob", "/experiments/" + id + "/stop", "csrf=" + csrf("bob"), null).statusCode());
    assertEquals(303, post("dana", "/experiments/" + id + "/stop", "csrf=" + csrf("dana"), null).statusCode());
    assertEquals(dev.modelkit.experiment.ExperimentStatus.STOPPED, f.service("dana").experiments().get(id).status());
    HttpResponse<String> again = post("dana", "/experiments/" + id + "/start", "csrf=" + csrf("dana"), null);
    assertEquals(409, again.statusCode(), "a stopped experiment cannot start again: " + again.body());
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void unknownPagesAreNotFound() throws Exception {
    assertEquals(404, get("ada", "/nowhere").statusCode());
    assertEquals(404, get("ada", "/assets/../../etc/passwd").statusCode());
    assertEquals(200, get(null, "/assets/dashboard.js").statusCode(), "assets need no principal");
    assertEquals(303, get("ada", "/").statusCode());
    URI u = f.dashboard.uri();
    assertEquals("127.0.0.1", u.getHost(), "binds the loopback interface by default");
  }
}
