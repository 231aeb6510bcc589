package dev.modelkit.dashboard.internal;

import dev.modelkit.security.Principal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens bound to the principal: an HMAC of the user and organisation under a key drawn
 * when the dashboard starts. A page from another site cannot read it, so it cannot forge a POST;
 * no server-side session is needed, and a restart invalidates every token.
 */
final class Csrf {
  private final SecretKeySpec key;

  Csrf(SecureRandom random) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  String token(Principal p) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] h = mac.doFinal((p.userId() + "\n" + p.organizationId()).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  boolean valid(Principal p, String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(token(p).getBytes(StandardCharsets.US_ASCII),
        presented.getBytes(StandardCharsets.US_ASCII));
  }
}
