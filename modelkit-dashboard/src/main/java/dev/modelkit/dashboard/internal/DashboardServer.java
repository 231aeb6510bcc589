package dev.modelkit.dashboard.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.dashboard.DashboardAuthenticator;
import dev.modelkit.dashboard.DashboardRequest;
import dev.modelkit.dashboard.DashboardServices;
import dev.modelkit.security.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the dashboard on the JDK's {@code com.sun.net.httpserver}: authentication,
 * routing, CSRF and origin checks, security headers, error pages, static assets and the
 * Server-Sent Events endpoint.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private static final Set<String> ASSETS = Set.of("dashboard.css", "dashboard.js", "icon.svg");
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private final HttpServer http;
  private final ExecutorService pool;
  private final DashboardServices services;
  private final DashboardAuthenticator authenticator;
  private final Clock clock;
  private final Csrf csrf;
  private final Flash flash;
  private final Curves curves = new Curves();
  private final LiveHub live;
  private final Map<String, Section> sections;

  private DashboardServer(HttpServer http, ExecutorService pool, DashboardServices services,
      DashboardAuthenticator authenticator, Clock clock, Duration refresh) {
    this.http = http;
    this.pool = pool;
    this.services = services;
    this.authenticator = authenticator;
    this.clock = clock;
    SecureRandom random = new SecureRandom();
    this.csrf = new Csrf(random);
    this.flash = new Flash(random);
    this.sections = Map.of(
        "training", new TrainingSection(),
        "knowledge", new KnowledgeSection(),
        "performance", new PerformanceSection(),
        "experiments", new ExperimentsSection(),
        "deployments", new DeploymentsSection(),
        "resources", new ResourcesSection());
    this.live = new LiveHub(c -> sections.get(c.segment(0)).live(c), pool, refresh);
  }

  /**
   * Binds the address and starts serving.
   *
   * @param services the service of each caller
   * @param authenticator who is calling
   * @param address where to listen
   * @param clock time source
   * @param refresh live-region refresh interval
   * @param threads request threads
   * @return the running server
   * @throws IOException if the address cannot be bound
   */
  public static DashboardServer start(DashboardServices services, DashboardAuthenticator authenticator,
      InetSocketAddress address, Clock clock, Duration refresh, int threads) throws IOException {
    HttpServer http = HttpServer.create(address, 256);
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "modelkit-dashboard-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    DashboardServer server = new DashboardServer(http, pool, services, authenticator, clock, refresh);
    http.setExecutor(pool);
    http.createContext("/", server::handle);
    http.start();
    LOG.info("ModelKit dashboard listening at {}", server.uri());
    return server;
  }

  /** @return the base address */
  public URI uri() {
    InetSocketAddress a = http.getAddress();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort() + "/");
  }

  /** @return the bound port */
  public int port() {
    return http.getAddress().getPort();
  }

  /** @return live viewers connected */
  public int liveViewers() {
    return live.size();
  }

  @Override
  public void close() {
    live.close();
    http.stop(0);
    curves.close();
    pool.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    Principal who = null;
    try {
      securityHeaders(ex);
      List<String> path = segments(ex.getRequestURI().getPath());
      String first = path.isEmpty() ? "" : path.get(0);
      if (first.equals("assets") || first.equals("favicon.ico")) {
        asset(ex, first.equals("favicon.ico") ? "icon.svg" : path.size() == 2 ? path.get(1) : "");
        return;
      }
      who = authenticator.authenticate(new DashboardRequest(ex.getRemoteAddress(), ex.getRequestHeaders()));
      if (who == null) {
        send(ex, 401, Layout.error(401, ErrorPages.title(401), "This dashboard does not know who you are. "
            + "Sign in through the host application, or open it from this machine when it runs with the local authenticator.",
            null));
        return;
      }
      CustomModelTrainingService service = services.serviceFor(who);
      Form query = Form.query(ex.getRequestURI().getRawQuery());
      if (first.isEmpty()) {
        redirect(ex, "/training");
        return;
      }
      if (first.equals("events")) {
        events(ex, who, service, query);
        return;
      }
      Section section = sections.get(first);
      if (section == null) {
        throw new dev.modelkit.NotFoundException("There is no page '" + ex.getRequestURI().getPath() + "' in the dashboard.");
      }
      Call call = new Call(who, service, path, query, clock, csrf.token(who), curves, flash);
      switch (ex.getRequestMethod()) {
        case "GET", "HEAD" -> page(ex, section, call, who);
        case "POST" -> post(ex, section, call, who);
        default -> {
          ex.getResponseHeaders().set("Allow", "GET, POST");
          send(ex, 405, Layout.error(405, ErrorPages.title(405), "Use GET to read and POST to act.", who));
        }
      }
    } catch (RuntimeException e) {
      int status = ErrorPages.status(e);
      if (status == 500) {
        LOG.warn("Dashboard request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
      }
      send(ex, status, Layout.error(status, ErrorPages.title(status), ErrorPages.describe(e), who));
    }
  }

  private void page(HttpExchange ex, Section section, Call call, Principal who) throws IOException {
    Section.View v = section.page(call);
    String message = flash.take(userKey(who), call.query.get("flash"));
    send(ex, 200, Layout.page(section.name(), v.title(), who, message, v.before(), v.live(), v.after(), v.live() != null));
  }

  private void post(HttpExchange ex, Section section, Call call, Principal who) throws IOException {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    String host = ex.getRequestHeaders().getFirst("Host");
    if (origin != null && !origin.equals("null") && (host == null || !URI.create(origin).getAuthority().equals(host))) {
      send(ex, 403, Layout.error(403, ErrorPages.title(403), "This form was sent from another site (" + origin
          + "); the dashboard only accepts its own forms.", who));
      return;
    }
    Form form;
    try (InputStream body = ex.getRequestBody()) {
      form = Form.read(ex.getRequestHeaders().getFirst("Content-Type"), body);
    }
    if (!csrf.valid(who, form.get("csrf"))) {
      send(ex, 403, Layout.error(403, ErrorPages.title(403), "The form's security token is missing or out of date "
          + "(the dashboard may have restarted). Reload the page and try again.", who));
      return;
    }
    Section.Redirect r = section.post(call, form);
    String location = r.location();
    if (r.message() != null) {
      location += (location.contains("?") ? "&" : "?") + "flash=" + flash.put(userKey(who), r.message());
    }
    redirect(ex, location);
  }

  private void events(HttpExchange ex, Principal who, CustomModelTrainingService service, Form query) throws IOException {
    String target = query.get("path");
    if (target == null || !target.startsWith("/")) {
      throw new BadRequest("Name the page to follow: /events?path=/training");
    }
    URI u = URI.create(target);
    List<String> path = segments(u.getPath());
    Section section = path.isEmpty() ? null : sections.get(path.get(0));
    if (section == null) {
      throw new dev.modelkit.NotFoundException("There is no page '" + u.getPath() + "' in the dashboard.");
    }
    Call call = new Call(who, service, path, Form.query(u.getRawQuery()), clock, csrf.token(who), curves, flash);
    section.live(call); // refuses now, with the right status, what the viewer may not see
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("X-Accel-Buffering", "no");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
    live.add(new LiveHub.Viewer(userKey(who) + " " + target, call, ex));
  }

  private void asset(HttpExchange ex, String name) throws IOException {
    if (!ASSETS.contains(name)) {
      send(ex, 404, Layout.error(404, ErrorPages.title(404), "No such asset.", null));
      return;
    }
    try (InputStream in = DashboardServer.class.getResourceAsStream("/dev/modelkit/dashboard/assets/" + name)) {
      if (in == null) {
        throw new IllegalStateException("asset " + name + " is missing from the dashboard jar");
      }
      byte[] bytes = in.readAllBytes();
      String type = name.endsWith(".css") ? "text/css; charset=utf-8"
          : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "image/svg+xml";
      ex.getResponseHeaders().set("Content-Type", type);
      ex.getResponseHeaders().set("Cache-Control", "max-age=300");
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String userKey(Principal p) {
    return p == null ? "" : p.organizationId() + "\n" + p.userId();
  }

  private static void securityHeaders(HttpExchange ex) {
    var h = ex.getResponseHeaders();
    h.set("Content-Security-Policy", CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cache-Control", "no-store");
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    if (path == null) {
      return out;
    }
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    ex.sendResponseHeaders(303, -1);
    ex.close();
  }

  private static void send(HttpExchange ex, int status, String html) throws IOException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
