package dev.modelkit.dashboard;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an {@link DashboardAuthenticator} may look at to decide who is calling: the peer's
 * address and the request headers (cookies included).
 *
 * @param remoteAddress the connecting peer
 * @param headers header name to values; names are matched case-insensitively
 */
public record DashboardRequest(InetSocketAddress remoteAddress, Map<String, List<String>> headers) {

  /** Copies the headers into a case-insensitive map. */
  public DashboardRequest {
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach((k, v) -> {
        if (k != null) {
          copy.put(k, List.copyOf(v));
        }
      });
    }
    headers = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * @param name a header name
   * @return its first value, or null
   */
  public String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * @param name a cookie name
   * @return its value from the {@code Cookie} headers, or null
   */
  public String cookie(String name) {
    List<String> all = headers.get("Cookie");
    if (all == null) {
      return null;
    }
    for (String line : all) {
      for (String part : line.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
          return part.substring(eq + 1).trim();
        }
      }
    }
    return null;
  }

  /** @return whether the peer connects from this machine's loopback interface */
  public boolean fromLoopback() {
    return remoteAddress.getAddress() != null && remoteAddress.getAddress().isLoopbackAddress();
  }

  @Override
  public String toString() {
    return "DashboardRequest[from " + remoteAddress + ", " + headers.keySet().stream()
        .map(h -> h.toLowerCase(Locale.ROOT)).toList() + "]";
  }
}
