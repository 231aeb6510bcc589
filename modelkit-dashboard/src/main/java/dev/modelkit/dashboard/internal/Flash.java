package dev.modelkit.dashboard.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages shown once on the page a POST redirects to ("job cancelled", an upload's refused
 * files). Keyed by a random id and the user, so one user cannot read another's; the oldest are
 * dropped beyond a few hundred.
 */
final class Flash {
  private static final int MAX = 500;
  private final SecureRandom random;
  private final Map<String, String[]> messages = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
      return size() > MAX;
    }
  };

  Flash(SecureRandom random) {
    this.random = random;
  }

  /** Stores an HTML fragment (already escaped by its author) and returns its id. */
  synchronized String put(String userKey, String html) {
    byte[] b = new byte[12];
    random.nextBytes(b);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    messages.put(id, new String[] {userKey, html});
    return id;
  }

  synchronized String take(String userKey, String id) {
    if (id == null) {
      return null;
    }
    String[] m = messages.get(id);
    if (m == null || !m[0].equals(userKey)) {
      return null;
    }
    messages.remove(id);
    return m[1];
  }
}
