package dev.modelkit.dashboard;

import dev.modelkit.security.Principal;
import java.util.Objects;

/**
 * Decides who is behind a dashboard request. The host application plugs in its own (its single
 * sign-on, a reverse proxy's trusted header, a session cookie); the dashboard then acts with that
 * principal's permissions only.
 *
 * <p>{@link #localUser(Principal)} is the default for one person on their own machine and is
 * meant for nothing else: it trusts whoever connects from the loopback interface.
 */
@FunctionalInterface
public interface DashboardAuthenticator {

  /**
   * @param request the peer's address and the request headers
   * @return the caller, or null when the request is not authenticated (answered 401)
   */
  Principal authenticate(DashboardRequest request);

  /**
   * The local-development authenticator: every request from the loopback interface is {@code
   * principal}; anything else is refused. Use it only on a developer's machine, with the
   * dashboard bound to the loopback address (the default of {@link Dashboard#start}).
   *
   * @param principal who the local user is
   * @return an authenticator that accepts loopback peers only
   */
  static DashboardAuthenticator localUser(Principal principal) {
    Objects.requireNonNull(principal, "principal");
    return request -> request.fromLoopback() ? principal : null;
  }
}
