package dev.modelkit.dashboard;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.dashboard.internal.DashboardServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The embeddable web console of ModelKit: live training curves, knowledge bases, performance and
 * drift, A/B experiments, deployments and cost, served by the JDK's own HTTP server from inside the
 * host application. Pages are rendered on the server with inline SVG charts; a few lines of plain
 * JavaScript refresh them from Server-Sent Events. Nothing is loaded from the network.
 *
 * <p>Every request is authenticated by the {@link DashboardAuthenticator} and served with the
 * {@link CustomModelTrainingService} of that principal, so pages show and buttons do exactly what
 * the API allows the caller. State changes are POST requests carrying a CSRF token.
 *
 * <pre>{@code
 * try (Dashboard d = Dashboard.start(kit::service, 8080, DashboardAuthenticator.localUser(me))) {
 *   System.out.println("Dashboard at " + d.uri());
 * }
 * }</pre>
 *
 * <p>The dashboard costs nothing on the prediction path: it registers no hook there, and its
 * refresh thread runs only while somebody watches a page.
 */
public final class Dashboard implements AutoCloseable {
  private final DashboardServer server;

  private Dashboard(DashboardServer server) {
    this.server = server;
  }

  /**
   * Starts a dashboard on the loopback interface.
   *
   * @param services the service of each caller, for example {@code modelKit::service}
   * @param port the TCP port, or 0 for any free one
   * @param authenticator who is calling
   * @return the running dashboard
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static Dashboard start(DashboardServices services, int port, DashboardAuthenticator authenticator) {
    return builder(services).authenticator(authenticator)
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).start();
  }

  /**
   * Starts a dashboard on the loopback interface for the one principal a service is bound to: the
   * local-development set-up ({@link DashboardAuthenticator#localUser}).
   *
   * @param service the service, whose principal every local request acts as
   * @param port the TCP port, or 0 for any free one
   * @return the running dashboard
   */
  public static Dashboard startLocal(CustomModelTrainingService service, int port) {
    Objects.requireNonNull(service, "service");
    return start(p -> service, port, DashboardAuthenticator.localUser(service.principal()));
  }

  /**
   * @param services the service of each caller
   * @return a builder for the less common settings
   */
  public static Builder builder(DashboardServices services) {
    return new Builder(services);
  }

  /** @return the base address, for example {@code http://127.0.0.1:8080/} */
  public URI uri() {
    return server.uri();
  }

  /** @return the bound port */
  public int port() {
    return server.port();
  }

  /** @return browsers currently following live updates */
  public int liveViewers() {
    return server.liveViewers();
  }

  /** Stops serving and closes every live connection. */
  @Override
  public void close() {
    server.close();
  }

  /** Settings of a dashboard; {@link #start()} validates them and binds the port. */
  public static final class Builder {
    private final DashboardServices services;
    private DashboardAuthenticator authenticator;
    private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private Clock clock = Clock.systemUTC();
    private Duration refreshInterval = Duration.ofMillis(250);
    private int threads = 8;

    private Builder(DashboardServices services) {
      this.services = Objects.requireNonNull(services, "services");
    }

    /**
     * @param value who is calling; required
     * @return this
     */
    public Builder authenticator(DashboardAuthenticator value) {
      this.authenticator = Objects.requireNonNull(value, "authenticator");
      return this;
    }

    /**
     * @param value where to listen; the loopback interface on a free port by default. Bind a
     *     public interface only with an authenticator that really authenticates.
     * @return this
     */
    public Builder address(InetSocketAddress value) {
      this.address = Objects.requireNonNull(value, "address");
      return this;
    }

    /**
     * @param value the time source for periods and estimated times of arrival
     * @return this
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * @param value how often watched pages are re-rendered and changes pushed, 50 ms to 60 s
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    public Builder refreshInterval(Duration value) {
      Objects.requireNonNull(value, "refreshInterval");
      if (value.toMillis() < 50 || value.toMillis() > 60_000) {
        throw new IllegalArgumentException("refreshInterval was " + value + " but it must be between 50 ms and 60 s");
      }
      this.refreshInterval = value;
      return this;
    }

    /**
     * @param value threads serving page requests, 1 to 256; live connections do not hold one
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    public Builder threads(int value) {
      if (value < 1 || value > 256) {
        throw new IllegalArgumentException("threads was " + value + " but it must be between 1 and 256");
      }
      this.threads = value;
      return this;
    }

    /**
     * @return the running dashboard
     * @throws IllegalStateException if no authenticator was given
     * @throws UncheckedIOException if the address cannot be bound
     */
    public Dashboard start() {
      if (authenticator == null) {
        throw new IllegalStateException("Dashboard needs an authenticator: call authenticator(...), for local use "
            + "DashboardAuthenticator.localUser(principal)");
      }
      try {
        return new Dashboard(DashboardServer.start(services, authenticator, address, clock, refreshInterval, threads));
      } catch (IOException e) {
        throw new UncheckedIOException("Dashboard could not listen on " + address + ": " + e.getMessage()
            + ". Choose another port or 0 for any free one.", e);
      }
    }
  }
}
